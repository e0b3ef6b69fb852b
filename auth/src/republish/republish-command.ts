import { configFields, connectBus, createLogger, drainBus, loadConfig, type Bus } from '@ticketing/common';
import mongoose from 'mongoose';
import { z } from 'zod';
import { republishUsers } from './republish-users';

export const USAGE = `usage: npm run republish -- users

Publishes every account as UserCreated (DESIGN §16), for a consumer added after the accounts were made (orders'
users replica, DESIGN §12). Idempotent on the replicas: running it again changes nothing there.

Environment: MONGO_URI (auth's database), NATS_URL, NATS_USER and NATS_PASSWORD (a user allowed to publish
user.created: auth's own, or the operator's).
Exit codes: 0 done, 1 failed (a store or the bus unreachable), 2 bad arguments or environment.`;

const RepublishEnv = z.object({
  MONGO_URI: configFields.MONGO_URI,
  NATS_URL: configFields.NATS_URL,
  NATS_USER: configFields.NATS_USER,
  NATS_PASSWORD: configFields.NATS_PASSWORD,
});

/** How long the command waits for the database before it gives up (exit 1). */
const CONNECT_TIMEOUT_MS = 10_000;

/** Where the command writes: the terminal, or a test's buffers. */
export interface RepublishIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * `npm run republish -- users` (auth/dist/republish-cli.js): see {@link USAGE}. Returns the exit code; never throws.
 */
export async function runRepublishCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: RepublishIo,
): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
    io.out(USAGE);
    return 0;
  }
  if (argv.length !== 1 || argv[0] !== 'users') {
    io.err(`republish: expected "users" (auth republishes its accounts)\n\n${USAGE}`);
    return 2;
  }
  let config;
  try {
    config = loadConfig(RepublishEnv, env);
  } catch (error) {
    io.err(`republish: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  let bus: Bus | undefined;
  try {
    await mongoose
      .connect(config.MONGO_URI, { serverSelectionTimeoutMS: CONNECT_TIMEOUT_MS })
      .catch((error: unknown) => {
        throw new Error(`the database (MONGO_URI) cannot be reached: ${String(error)}`, { cause: error });
      });
    bus = await connectBus({
      url: config.NATS_URL,
      credentials: { user: config.NATS_USER, password: config.NATS_PASSWORD },
      service: 'auth',
      log: createLogger('auth-republish', env.LOG_LEVEL ?? 'warn'),
    }).catch((error: unknown) => {
      throw new Error(`the bus (NATS_URL) cannot be reached: ${String(error)}`, { cause: error });
    });
    const count = await republishUsers(bus);
    io.out(`republished ${count} account${count === 1 ? '' : 's'} as UserCreated`);
    return 0;
  } catch (error) {
    io.err(`republish: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    if (bus) await drainBus(bus);
    await mongoose.disconnect();
  }
}
