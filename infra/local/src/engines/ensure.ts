import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { installFerretDB } from './ferretdb-install';
import { runCommand } from './run-command';
import type { LogLine } from './types';

/** The engine binaries `ensureEngines` found or installed (absolute paths). */
export interface EngineBinaries {
  ferretdb: string;
  natsServer: string;
  redisServer: string;
}

/** The engines by role: `mongo` is FerretDB here (or a real MongoDB through TEST_MONGO_URI). */
export type EngineName = 'mongo' | 'nats' | 'redis';

/** Options of {@link ensureEngines}. */
export interface EnsureEnginesOptions {
  /** Progress lines, printed only when something is installed or built; silent when everything is present. */
  log?: LogLine;
  /** Ensure only these engines (default: all three). The others' paths are then left empty. */
  only?: readonly EngineName[];
}

const DEBIAN_PACKAGES = { natsServer: 'nats-server', redisServer: 'redis-server' } as const;

// Debian ships nats-server in /usr/sbin, which is not on a normal user's PATH.
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** The first executable file called `name` on PATH (or in the usual system dirs), if any. */
export function findOnPath(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return path.resolve(candidate);
    } catch {
      // not here
    }
  }
  return undefined;
}

// One check per process: engines started again (tests restart Redis) do not re-run `ferretdb --version`.
let memo: Promise<EngineBinaries> | undefined;
let memoKey = '';

/**
 * Makes sure the engine binaries are installed, and returns their paths.
 *
 * - FerretDB v1.24.2: used from `~/.cache/ticketing/bin/ferretdb-v1.24.2` or `$(go env GOPATH)/bin/ferretdb` when
 *   `<bin> --version` says `version: v1.24.2`; otherwise built from source into the cache (needs Go; about a minute
 *   cold). Concurrent callers in other processes wait on a lock file instead of building twice.
 * - nats-server and redis-server: taken from PATH (or /usr/sbin, /usr/bin…); when missing, installed with
 *   `apt-get update && apt-get install -y` (through `sudo -n` when not root).
 *
 * Idempotent and fast when everything is present: no apt-get, no go, one `ferretdb --version`; the result is
 * remembered for the rest of the process.
 *
 * @throws Error when Go or apt-get is needed but missing, or an install step fails (the message holds its output).
 */
export function ensureEngines(options: EnsureEnginesOptions = {}): Promise<EngineBinaries> {
  const only = new Set<EngineName>(options.only ?? ['mongo', 'nats', 'redis']);
  const key = [...only].sort().join(',');
  // A full check satisfies any partial one; a failed check is not remembered, so the next call retries.
  if (memo && (memoKey === key || memoKey === 'mongo,nats,redis')) return memo;
  const attempt = ensureUncached(only, options.log);
  memo = attempt;
  memoKey = key;
  attempt.catch(() => {
    if (memo === attempt) memo = undefined;
  });
  return attempt;
}

async function ensureUncached(only: Set<EngineName>, log?: LogLine): Promise<EngineBinaries> {
  const wanted = {
    natsServer: only.has('nats'),
    redisServer: only.has('redis'),
  };
  const missing = (Object.keys(DEBIAN_PACKAGES) as Array<keyof typeof DEBIAN_PACKAGES>).filter(
    (key) => wanted[key] && !findOnPath(DEBIAN_PACKAGES[key]),
  );
  if (missing.length > 0)
    await aptInstall(
      missing.map((key) => DEBIAN_PACKAGES[key]),
      log,
    );

  const ferretdb = only.has('mongo') ? await installFerretDB(log) : '';
  const binaries: EngineBinaries = {
    ferretdb,
    natsServer: wanted.natsServer ? (findOnPath('nats-server') ?? '') : '',
    redisServer: wanted.redisServer ? (findOnPath('redis-server') ?? '') : '',
  };
  for (const key of Object.keys(DEBIAN_PACKAGES) as Array<keyof typeof DEBIAN_PACKAGES>) {
    if (wanted[key] && !binaries[key]) throw new Error(`${DEBIAN_PACKAGES[key]} is still not on PATH after apt-get`);
  }
  return binaries;
}

async function aptInstall(packages: string[], log?: LogLine): Promise<void> {
  if (!findOnPath('apt-get')) {
    throw new Error(`${packages.join(' and ')} missing, and there is no apt-get here: install them by hand`);
  }
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const run = (args: string[]): Promise<string> => {
    const [command, ...rest] = [...sudo, 'apt-get', ...args];
    return runCommand(command ?? 'apt-get', rest, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      log,
      timeoutMs: 15 * 60_000,
    });
  };
  log?.(`installing ${packages.join(' ')} with apt-get${sudo.length ? ' (sudo)' : ''}`);
  await run(['update']);
  await run(['install', '-y', '--no-install-recommends', ...packages]);
}
