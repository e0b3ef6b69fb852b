import { connect, type NatsConnection } from '@nats-io/transport-node';
import { resolveNatsUrl } from './nats-url';

/** What a command reads and writes, so that tests drive it without a terminal. */
export interface CommandIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * Connects a command to NATS, found as {@link resolveNatsUrl} says; undefined (the reason written to `io.err`) when it
 * cannot be reached. No reconnects: a command answers now or says it could not.
 */
export async function connectForCommand(
  natsFlag: string | undefined,
  io: CommandIo,
  name: string,
): Promise<NatsConnection | undefined> {
  const { url, source, login } = resolveNatsUrl(natsFlag, io.env, io.cwd);
  try {
    return await connect({
      servers: url.split(','),
      name,
      timeout: 3_000,
      reconnect: false,
      ...(login && { user: login.user, pass: login.password }),
    });
  } catch (error) {
    io.err(`cannot reach NATS at ${url} (from ${source}): ${error instanceof Error ? error.message : String(error)}\n`);
    return undefined;
  }
}

/** The process entry of a command: runs it on the real terminal and exits with its code. */
export function runAsCli(command: (argv: readonly string[], io: CommandIo) => Promise<number>): void {
  command(process.argv.slice(2), {
    env: process.env,
    // npm runs root scripts in the repo root, where `npm start` keeps its data directory too.
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
