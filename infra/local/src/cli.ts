#!/usr/bin/env node
// `ticketing-engines engines [--data-dir DIR]`: installs what is missing, starts MongoDB (mongo-java-server), NATS and Redis, prints
// where they listen (one JSON line on stdout, then one line per engine), and runs until SIGINT or SIGTERM.
// Progress goes to stderr, so that stdout stays parseable.
import path from 'node:path';
import { startEngines } from './engines/start-engines';
import { secretFreeLog, withoutCredentials } from './secret-free-log';

const USAGE = `usage: ticketing-engines engines [--data-dir DIR]

Starts mongo-java-server, nats-server (JetStream) and redis-server on free 127.0.0.1 ports and keeps them running until
Ctrl-C (SIGINT) or SIGTERM. Data lives in DIR (default: $DATA_DIR/engines, or .data/engines), so it persists
between runs. With TEST_MONGO_URI set, that MongoDB is used instead.`;

function parseArgs(argv: string[]): { dataDir: string } | undefined {
  const [command, ...rest] = argv;
  if (command !== 'engines') return undefined;
  let dataDir = path.join(process.env.DATA_DIR || '.data', 'engines');
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (arg === '--data-dir' && rest[i + 1]) dataDir = rest[++i] ?? dataDir;
    else if (arg.startsWith('--data-dir=')) dataDir = arg.slice('--data-dir='.length);
    else return undefined;
  }
  return { dataDir: path.resolve(dataDir) };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    const asked = process.argv.includes('--help') || process.argv.includes('-h');
    (asked ? process.stdout : process.stderr).write(`${USAGE}\n`);
    process.exit(asked ? 0 : 2);
  }
  const log = secretFreeLog((line: string): void => {
    process.stderr.write(`[engines] ${line}\n`);
  });
  const engines = await startEngines({ dataDir: args.dataDir, log });

  const { mongoUri, natsUrl, redisUrl, pids, dataDir } = engines;
  process.stdout.write(`${JSON.stringify({ mongoUri, natsUrl, redisUrl, pids, dataDir })}\n`);
  const rows: Array<[string, string]> = [
    [`MongoDB (${pids.mongo ? 'mongo-java-server' : 'TEST_MONGO_URI'})`, mongoUri],
    ['NATS JetStream', natsUrl],
    ['Redis', redisUrl],
    ['data', dataDir],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  // The rows are for a person (and end up pasted into issues): without passwords. The JSON line above is the
  // machine-readable answer, whose reader needs the Redis URL as the clients use it.
  const lines = rows.map(([label, value]) => `${label.padEnd(width)}${withoutCredentials(value)}`);
  process.stdout.write(`${[...lines, 'Press Ctrl-C to stop.'].join('\n')}\n`);

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) {
      // A second Ctrl-C: do not wait for graceful shutdowns; the exit hook and the reaper finish the job.
      log(`${signal} again: exiting now`);
      process.exit(130);
    }
    log(`${signal}: stopping the engines`);
    engines.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`stop failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`[engines] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
