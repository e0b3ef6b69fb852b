import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { spawnEngine } from './engine-process';
import { ensureEngines } from './ensure';
import { listensOn, redisPing } from './probes';
import { keptSecret } from './kept-secret';
import type { EngineHandle, StartRedisOptions } from './types';
import { waitReady, withPort } from './wait-ready';

/** Where a data dir keeps its Redis password when none is given, so that a restart on it keeps the clients' URL. */
export const REDIS_PASSWORD_FILE = 'redis-password.json';

/** A fresh Redis password (base64url: safe unescaped in a redis:// URL). */
export function newRedisPassword(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Starts redis-server on 127.0.0.1 with the append-only file on (in `dataDir`) and RDB snapshots off, so that delayed
 * jobs survive a restart on the same `dataDir` (pass the old `port` to keep the URL). It requires a password
 * (DESIGN §10): `password`, or the one kept in `<dataDir>/redis-password.json`; the handle's `url` carries it
 * (`redis://:<password>@127.0.0.1:<port>`), and a client without it is refused (NOAUTH). Resolves once it answers
 * an authenticated PING.
 *
 * The process is guarded like every engine (stopped on exit, on SIGINT/SIGTERM and by the reaper if this process is
 * SIGKILLed). `stop()` sends SIGTERM, then SIGKILL after 10 s, and resolves when it has exited.
 *
 * @throws EngineStartError when it exits or does not answer within `readyTimeoutMs`, with its last output lines.
 */
export async function startRedis(options: StartRedisOptions): Promise<EngineHandle> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const bin = options.bin ?? (await ensureEngines({ log: options.log, only: ['redis'] })).redisServer;
  const password =
    options.password ??
    (await keptSecret(path.join(dataDir, REDIS_PASSWORD_FILE), z.string().min(16), newRedisPassword));

  return withPort(options.port, async (port) => {
    const proc = spawnEngine({
      name: 'redis-server',
      bin,
      cwd: dataDir,
      logFile: path.join(dataDir, 'redis.log'),
      // "-" first: the config is read from stdin (the password, kept off the command line for `ps`), then the
      // arguments apply on top.
      args: [
        '-',
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dataDir,
        '--appendonly',
        'yes',
        '--save',
        '',
        // BullMQ waits for the next due job with a blocking call whose timeout Redis checks on its hz clock: at the
        // default 10, expiries are 0-100 ms late; at 100, p50 lateness drops from ~40 ms to ~6 ms (bench/RESULTS.md).
        '--hz',
        '100',
        '--daemonize',
        'no',
      ],
      stdin: `requirepass ${JSON.stringify(password)}\n`,
    });
    await waitReady(
      proc,
      async () => (await redisPing(port, password)) && listensOn(proc.pid, port),
      options.readyTimeoutMs,
    );
    const url = `redis://:${password}@127.0.0.1:${port}`;
    options.log?.(`redis-server started at redis://127.0.0.1:${port} (pid ${proc.pid}, password required)`);
    return { url, port, pid: proc.pid, dataDir, logFile: proc.logFile, stop: proc.stop, kill: proc.kill };
  });
}
