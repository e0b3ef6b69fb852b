// `npm run streams`: deployment's stream setup (common's streams CLI, with every durable of EVENT_ROUTES) by hand,
// against the NATS of a running `npm start` (its `$DATA_DIR/engines.json`: URL and the operator's login, DATA_DIR
// defaulting to .data) or the one NATS_URL, NATS_USER and NATS_PASSWORD name. The stream settings pass through
// (NATS_STREAM_REPLICAS, NATS_STREAM_MAX_BYTES, NATS_ARCHIVE_MAX_AGE_SECONDS, NATS_ARCHIVE_MAX_BYTES). `npm start`
// runs the same at every start; a service that refuses to boot on its stream names this command.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../start/parts';
import { makeStreams } from './streams';

const SETTINGS = [
  'NATS_STREAM_REPLICAS',
  'NATS_STREAM_MAX_BYTES',
  'NATS_ARCHIVE_MAX_AGE_SECONDS',
  'NATS_ARCHIVE_MAX_BYTES',
];

function target(env: NodeJS.ProcessEnv): { natsUrl: string; user: string; password: string } {
  if (env.NATS_URL && env.NATS_USER && env.NATS_PASSWORD)
    return { natsUrl: env.NATS_URL, user: env.NATS_USER, password: env.NATS_PASSWORD };
  const file = path.join(path.resolve(REPO_ROOT, env.DATA_DIR || '.data'), 'engines.json');
  const fields = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string | undefined>;
  if (!fields.natsUrl || !fields.natsUser || !fields.natsPassword)
    throw new Error(`${file} names no NATS URL and login: is npm start running?`);
  return { natsUrl: fields.natsUrl, user: fields.natsUser, password: fields.natsPassword };
}

async function main(): Promise<void> {
  const settings = Object.fromEntries(
    SETTINGS.flatMap((name) => (process.env[name] ? [[name, process.env[name] ?? '']] : [])),
  );
  const report = await makeStreams({ repoRoot: REPO_ROOT, ...target(process.env), settings });
  process.stdout.write(`${report}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`streams: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
