import { aptInstall } from './apt-install';
import { findOnPath } from './find-on-path';
import { installMongoEngine, type MongoEngineCommand } from './mongo-engine-install';
import { installNatsServer } from './nats-install';
import { ensureNginx } from './nginx-install';
import type { LogLine } from './types';

export { findOnPath } from './find-on-path';

/** What `ensureEngines` found or installed: the engine commands (absolute paths). */
export interface EngineBinaries {
  /** mongo-java-server behind our launcher class; undefined when `mongo` was not asked for. */
  mongoEngine: MongoEngineCommand | undefined;
  natsServer: string;
  redisServer: string;
  /** Debian's nginx, the local gateway's proxy; only ensured by a full check (no `only`). */
  nginx?: string;
}

/** The engines by role: `mongo` is mongo-java-server here (or a real MongoDB through TEST_MONGO_URI / MONGO_URI). */
export type EngineName = 'mongo' | 'nats' | 'redis';

/** Options of {@link ensureEngines}. */
export interface EnsureEnginesOptions {
  /** Progress lines, printed only when something is installed or built; silent when everything is present. */
  log?: LogLine;
  /**
   * Ensure only these engines; the others' paths are then left empty. Without it: all three, and nginx for the
   * gateway (what `npm start` and `npm test` check before they start anything).
   */
  only?: readonly EngineName[];
}

// One check per process: engines started again (tests restart Redis) do not re-run `nats-server --version`.
let memo: Promise<EngineBinaries> | undefined;
let memoKey = '';
const FULL_CHECK = 'mongo,nats,redis+nginx';

/**
 * Makes sure the engines are installed, and returns how to run them.
 *
 * - mongo-java-server 1.46.0: resolved with Maven and our launcher compiled with javac into
 *   `~/.cache/ticketing/mongo-engine/` (about 15 s cold; needs JDK 17 and Maven).
 * - nats-server v2.11.16: from `~/.cache/ticketing/bin/` or PATH when it reports that version; otherwise built with
 *   `go install` from its module (about a minute cold; needs Go).
 * - redis-server: taken from PATH (or /usr/sbin, /usr/bin…); when missing, installed with
 *   `apt-get update && apt-get install -y` (through `sudo -n` when not root). nginx the same way, on a full check
 *   ({@link ensureNginx}).
 * Concurrent callers in other processes wait on lock files instead of building twice.
 *
 * Idempotent and fast when everything is present (no mvn, no go, no apt-get); the result is remembered for the rest
 * of the process.
 *
 * @throws Error when a tool is needed but missing, or an install step fails (the message holds its output).
 */
export function ensureEngines(options: EnsureEnginesOptions = {}): Promise<EngineBinaries> {
  const full = options.only === undefined;
  const only = new Set<EngineName>(options.only ?? ['mongo', 'nats', 'redis']);
  const key = full ? FULL_CHECK : [...only].sort().join(',');
  // A full check satisfies any other; all three engines satisfy any partial one; a failed check is not remembered,
  // so the next call retries.
  const covered = memoKey === key || memoKey === FULL_CHECK || (!full && memoKey === 'mongo,nats,redis');
  if (memo && covered) return memo;
  const attempt = ensureUncached(only, full, options.log);
  memo = attempt;
  memoKey = key;
  attempt.catch(() => {
    if (memo === attempt) memo = undefined;
  });
  return attempt;
}

async function ensureUncached(only: Set<EngineName>, full: boolean, log?: LogLine): Promise<EngineBinaries> {
  if (only.has('redis') && !findOnPath('redis-server')) await aptInstall(['redis-server'], log);
  const redisServer = only.has('redis') ? findOnPath('redis-server') : '';
  if (redisServer === undefined) throw new Error('redis-server is still not on PATH after apt-get');
  // After redis-server: two apt-get runs at once would fight over dpkg's lock.
  const nginx = full ? await ensureNginx(log) : undefined;
  const [mongoEngine, natsServer] = await Promise.all([
    only.has('mongo') ? installMongoEngine(log) : undefined,
    only.has('nats') ? installNatsServer(log) : '',
  ]);
  return { mongoEngine, natsServer, redisServer, ...(nginx !== undefined && { nginx }) };
}
