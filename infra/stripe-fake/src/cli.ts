// `node infra/stripe-fake/dist/cli.js [--port 12111] [--host 127.0.0.1] [--latency-ms 0]`: runs the fake for
// `npm start` and by hand. Logs JSON lines (pino) to stdout; stops cleanly on SIGINT or SIGTERM.
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { z } from 'zod';
import { startStripeFake } from './index';

const DEFAULT_PORT = 12111;
const SHUTDOWN_DEADLINE_MS = 5_000;

const Args = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(DEFAULT_PORT),
  host: z.string().min(1).default('127.0.0.1'),
  'latency-ms': z.coerce.number().int().min(0).default(0),
});

async function main(): Promise<void> {
  const logger = pino({ name: 'stripe-fake', level: process.env['LOG_LEVEL'] ?? 'info' });
  const { values } = parseArgs({
    options: { port: { type: 'string' }, host: { type: 'string' }, 'latency-ms': { type: 'string' } },
    strict: true,
  });
  const parsed = Args.safeParse(values);
  if (!parsed.success) {
    logger.fatal({ issues: z.prettifyError(parsed.error) }, 'invalid arguments');
    process.exit(2);
  }
  const { port, host, 'latency-ms': latencyMs } = parsed.data;

  const fake = await startStripeFake({ port, host, latencyMs, logger });
  logger.info({ url: fake.url, port: fake.port, latencyMs }, 'stripe fake listening (state is in memory only)');

  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'stopping');
    // A hard deadline, in case a client holds a request open: exit anyway, with a failure status.
    setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
    fake.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // pino may not exist yet (a bad import); stderr is the one place left.
  process.stderr.write(`${JSON.stringify({ level: 60, msg: 'stripe fake failed to start', err: String(error) })}\n`);
  process.exit(1);
});
