import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { spawnEngine } from './engine-process';
import { ensureEngines } from './ensure';
import { listensOn, mongoPing } from './probes';
import type { EngineHandle, StartEngineOptions } from './types';
import { waitReady, withPort } from './wait-ready';

/**
 * Starts FerretDB (SQLite backend, one `.sqlite` file per database under `dataDir`) on 127.0.0.1.
 * Resolves once it answers a MongoDB `ping`; `url` has no database name.
 *
 * The process is guarded like every engine (stopped on exit, on SIGINT/SIGTERM and by the reaper if this process is
 * SIGKILLed). `stop()` sends SIGTERM, then SIGKILL after 10 s, and resolves when it has exited.
 *
 * @throws EngineStartError when it exits or does not answer within `readyTimeoutMs`, with its last output lines.
 */
export async function startFerretDB(options: StartEngineOptions): Promise<EngineHandle> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const bin = options.bin ?? (await ensureEngines({ log: options.log, only: ['mongo'] })).ferretdb;

  return withPort(options.port, async (port) => {
    const proc = spawnEngine({
      name: 'ferretdb',
      bin,
      cwd: dataDir,
      logFile: path.join(dataDir, 'ferretdb.log'),
      args: [
        '--handler=sqlite',
        `--sqlite-url=file:${dataDir}/`,
        `--listen-addr=127.0.0.1:${port}`,
        // Telemetry would phone home; the debug (metrics) listener defaults to :8088 and would clash between runs.
        '--telemetry=disable',
        '--debug-addr=-',
        // state.json (an instance UUID) defaults to the working directory; keep it with the data.
        `--state-dir=${dataDir}`,
        '--log-level=warn',
      ],
    });
    // listensOn: the answer must come from this process, not from another launcher's engine that got the same port.
    await waitReady(proc, async () => (await mongoPing(port)) && listensOn(proc.pid, port), options.readyTimeoutMs);
    const url = `mongodb://127.0.0.1:${port}`;
    options.log?.(`ferretdb started at ${url} (pid ${proc.pid})`);
    return { url, port, pid: proc.pid, dataDir, logFile: proc.logFile, stop: proc.stop, kill: proc.kill };
  });
}
