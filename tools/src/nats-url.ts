import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/**
 * Where the trace finds NATS, first match wins: `--nats <url>`; `NATS_URL`; the engines file that `npm start` writes
 * in its data directory (`$DATA_DIR/engines.json` or `$DATA_DIR/engines/engines.json`, DATA_DIR defaulting to
 * `.data`, with a `natsUrl` field: the JSON line `ticketing-engines` prints); else {@link DEFAULT_NATS_URL}.
 */
export function resolveNatsUrl(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): { url: string; source: string } {
  if (flag) return { url: flag, source: '--nats' };
  if (env.NATS_URL) return { url: env.NATS_URL, source: 'NATS_URL' };
  const dataDir = path.resolve(cwd, env.DATA_DIR || '.data');
  for (const file of [path.join(dataDir, 'engines.json'), path.join(dataDir, 'engines', 'engines.json')]) {
    if (!existsSync(file)) continue;
    try {
      const { natsUrl } = JSON.parse(readFileSync(file, 'utf8')) as { natsUrl?: unknown };
      if (typeof natsUrl === 'string' && natsUrl) return { url: natsUrl, source: path.relative(cwd, file) || file };
    } catch {
      // A file being written or not ours: try the next place.
    }
  }
  return { url: DEFAULT_NATS_URL, source: 'default' };
}
