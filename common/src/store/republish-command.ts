import mongoose from 'mongoose';
import { z } from 'zod';
import { connectBus, drainBus, type Bus } from '../bus/connect-bus';
import { configFields, loadConfig } from '../service/config';
import { createLogger } from '../service/logger';

/** What one service's `npm run republish -- <what>` publishes (DESIGN §16): auth's users, tickets' events. */
export interface RepublishSpec {
  /** The argument that asks for it: `users`, `events`. */
  what: string;
  /** The service whose database it reads and whose events it publishes (its bus user may publish them). */
  service: string;
  /** The usage text (`usage: npm run republish -- <what>` first). */
  usage: string;
  /** Publishes every entity again; resolves with how many. */
  republish: (bus: Bus) => Promise<number>;
  /** How the count reads: `n accounts as UserCreated`. */
  done: (count: number) => string;
}

/** Where a republish command writes: the terminal, or a test's buffers. */
export interface RepublishIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const RepublishEnv = z.object({
  MONGO_URI: configFields.MONGO_URI,
  NATS_URL: configFields.NATS_URL,
  NATS_USER: configFields.NATS_USER,
  NATS_PASSWORD: configFields.NATS_PASSWORD,
});

/** How long the command waits for the database before it gives up (exit 1). */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * A service's republish CLI (DESIGN §16): with exactly `spec.what` as its argument, connects to the service's
 * database (MONGO_URI) and the bus (NATS_URL, NATS_USER, NATS_PASSWORD), publishes, and says how many. Returns the
 * exit code, never throws: 0 done, 1 failed (a store or the bus unreachable), 2 bad arguments or environment.
 */
export async function runRepublishCommand(
  spec: RepublishSpec,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: RepublishIo,
): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
    io.out(spec.usage);
    return 0;
  }
  if (argv.length !== 1 || argv[0] !== spec.what) {
    io.err(`republish: expected "${spec.what}" (${spec.service} republishes its ${spec.what})\n\n${spec.usage}`);
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
      service: spec.service,
      log: createLogger(`${spec.service}-republish`, env.LOG_LEVEL ?? 'warn'),
    }).catch((error: unknown) => {
      throw new Error(`the bus (NATS_URL) cannot be reached: ${String(error)}`, { cause: error });
    });
    const count = await spec.republish(bus);
    io.out(`republished ${spec.done(count)}`);
    return 0;
  } catch (error) {
    io.err(`republish: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    if (bus) await drainBus(bus);
    await mongoose.disconnect();
  }
}
