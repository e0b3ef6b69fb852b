import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/** Who a command logs in to NATS as: the servers refuse anonymous connections (DESIGN §10). */
export interface NatsLogin {
  user: string;
  password: string;
}

/** Where NATS is, where that was read, and the login to use there (when one was found). */
export interface NatsTarget {
  url: string;
  source: string;
  login?: NatsLogin;
}

/**
 * Where a command (`npm run trace`, `npm run dead-letters`) finds NATS, first match wins: `--nats <url>`; `NATS_URL`; the engines file that `npm start` writes
 * in its data directory (`$DATA_DIR/engines.json` or `$DATA_DIR/engines/engines.json`, DATA_DIR defaulting to
 * `.data`, with a `natsUrl` field: the JSON line `ticketing-engines` prints); else {@link DEFAULT_NATS_URL}.
 * The login is `NATS_USER` and `NATS_PASSWORD` when both are set, else the engines file's `natsUser` and
 * `natsPassword` (npm start writes its `operator` user there), else none.
 */
export function resolveNatsUrl(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): NatsTarget {
  const file = readEnginesFile(env, cwd);
  const login: NatsLogin | undefined =
    env.NATS_USER && env.NATS_PASSWORD ? { user: env.NATS_USER, password: env.NATS_PASSWORD } : file?.login;
  const withLogin = (target: NatsTarget): NatsTarget => (login ? { ...target, login } : target);
  if (flag) return withLogin({ url: flag, source: '--nats' });
  if (env.NATS_URL) return withLogin({ url: env.NATS_URL, source: 'NATS_URL' });
  if (file?.url) return withLogin({ url: file.url, source: file.source });
  return withLogin({ url: DEFAULT_NATS_URL, source: 'default' });
}

function readEnginesFile(
  env: NodeJS.ProcessEnv,
  cwd: string,
): { url?: string; source: string; login?: NatsLogin } | undefined {
  const dataDir = path.resolve(cwd, env.DATA_DIR || '.data');
  for (const file of [path.join(dataDir, 'engines.json'), path.join(dataDir, 'engines', 'engines.json')]) {
    if (!existsSync(file)) continue;
    try {
      const fields = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      const text = (key: string): string | undefined =>
        typeof fields[key] === 'string' && fields[key] ? fields[key] : undefined;
      const url = text('natsUrl');
      const user = text('natsUser');
      const password = text('natsPassword');
      if (!url) continue;
      return { url, source: path.relative(cwd, file) || file, ...(user && password && { login: { user, password } }) };
    } catch {
      // A file being written or not ours: try the next place.
    }
  }
  return undefined;
}
