// What the commands that read the bus (`npm run trace`, `npm run dead-letters`) share: the flags each one takes, and
// a NATS connection that is closed whatever the command does.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { CommandIo } from './command-io';
import { resolveNatsUrl } from './nats-url';

/** The flags every bus command takes. */
export interface NatsCommandFlags {
  /** `--nats <url>`, when given. */
  natsFlag?: string;
  /** `--json`: print the result as JSON rather than text. */
  json: boolean;
}

/**
 * Reads `--help` or `-h` (the usage goes to `io.out`, exit code 0), `--json` and `--nats <url>` from `argv`. Any other
 * argument goes to `own(arg, next, flags)`, which returns how many arguments it took (1, or 2 with `next`), or 0 for
 * one the command does not take: then the usage goes to `io.err`, and the exit code is 2.
 */
export function parseNatsCommandArgs(
  argv: readonly string[],
  usage: string,
  io: CommandIo,
  own: (arg: string, next: string | undefined, flags: NatsCommandFlags) => number,
): NatsCommandFlags | { exitCode: number } {
  const flags: NatsCommandFlags = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    if (arg === '--help' || arg === '-h') {
      io.out(`${usage}\n`);
      return { exitCode: 0 };
    }
    if (arg === '--json') {
      flags.json = true;
    } else if (arg === '--nats' && next) {
      flags.natsFlag = next;
      i++;
    } else {
      const taken = own(arg, next, flags);
      if (taken === 0) {
        io.err(`unexpected argument: ${arg}\n${usage}\n`);
        return { exitCode: 2 };
      }
      i += taken - 1;
    }
  }
  return flags;
}

/**
 * Connects to NATS, found as {@link resolveNatsUrl} says, runs `command` on the connection and closes it. Resolves
 * with the command's exit code, or 1 when NATS cannot be reached or the command throws (the reason goes to `io.err`).
 * No reconnects: a command answers now or says it could not.
 */
export async function runOnNats(
  natsFlag: string | undefined,
  io: CommandIo,
  name: string,
  command: (nc: NatsConnection) => Promise<number>,
): Promise<number> {
  const { url, source, login } = resolveNatsUrl(natsFlag, io.env, io.cwd);
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: url.split(','),
      name,
      timeout: 3_000,
      reconnect: false,
      ...(login && { user: login.user, pass: login.password }),
    });
  } catch (error) {
    io.err(`cannot reach NATS at ${url} (from ${source}): ${messageOf(error)}\n`);
    return 1;
  }
  try {
    return await command(nc);
  } catch (error) {
    io.err(`${messageOf(error)}\n`);
    return 1;
  } finally {
    await nc.close();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
