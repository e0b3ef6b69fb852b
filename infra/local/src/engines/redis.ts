import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { spawnEngine } from './engine-process';
import { ensureEngines } from './ensure';
import { listensOn, redisPing } from './probes';
import type { EngineHandle, StartEngineOptions } from './types';
import { waitReady, withPort } from './wait-ready';

/**
 * Starts redis-server on 127.0.0.1 with the append-only file on (in `dataDir`) and RDB snapshots off, so that delayed
 * jobs survive a restart on the same `dataDir` (pass the old `port` to keep the URL). Resolves once it answers PING.
 *
 * The process is guarded like every engine (stopped on exit, on SIGINT/SIGTERM and by the reaper if this process is
 * SIGKILLed). `stop()` sends SIGTERM, then SIGKILL after 10 s, and resolves when it has exited.
 *
 * @throws EngineStartError when it exits or does not answer within `readyTimeoutMs`, with its last output lines.
 */
export async function startRedis(options: StartEngineOptions): Promise<EngineHandle> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const bin = options.bin ?? (await ensureEngines({ log: options.log, only: ['redis'] })).redisServer;

  return withPort(options.port, async (port) => {
    const proc = spawnEngine({
      name: 'redis-server',
      bin,
      cwd: dataDir,
      logFile: path.join(dataDir, 'redis.log'),
      args: [
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
    });
    await waitReady(proc, async () => (await redisPing(port)) && listensOn(proc.pid, port), options.readyTimeoutMs);
    const url = `redis://127.0.0.1:${port}`;
    options.log?.(`redis-server started at ${url} (pid ${proc.pid})`);
    return { url, port, pid: proc.pid, dataDir, logFile: proc.logFile, stop: proc.stop, kill: proc.kill };
  });
}
