import type { LogLine } from './engines/types';

// `scheme://userinfo@`: the userinfo of a URL (a Redis or MongoDB password, a NATS login) up to the `@` before the host.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi;

/**
 * `text` with the credentials of every URL in it removed (`redis://:<password>@127.0.0.1:6379` becomes
 * `redis://127.0.0.1:6379`): what may be printed or written to a log, which outlives the run and is pasted into
 * issues. The URL itself stays, so the line still says where a part listens.
 */
export function withoutCredentials(text: string): string {
  return text.replace(URL_USERINFO, '$1');
}

/** `log`, with every line passed through {@link withoutCredentials} first: no line it prints can leak a password. */
export function secretFreeLog(log: LogLine): LogLine {
  return (line) => log(withoutCredentials(line));
}
