import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { spawnEngine } from './engine-process';
import { ensureEngines } from './ensure';
import type { MongoEngineCommand } from './mongo-engine-install';
import { listensOn, mongoPing } from './probes';
import type { EngineHandle, StartEngineOptions } from './types';
import { waitReady, withPort } from './wait-ready';

/** Where the engine keeps its documents: in memory (tests), or in one H2 file under `dataDir` (`npm start`). */
export type MongoStorage = 'memory' | 'file';

export interface StartMongoOptions extends Omit<StartEngineOptions, 'bin'> {
  /** Default `memory`: gone when the engine stops. `file`: `<dataDir>/ticketing.mv.db`, kept between runs. */
  storage?: MongoStorage;
  /** The engine command; found or installed by `ensureEngines` when omitted. */
  engine?: MongoEngineCommand;
}

/** The H2 file of the `file` storage, in the engine's data dir. */
export const H2_FILE_NAME = 'ticketing.mv.db';

/**
 * Starts mongo-java-server 1.46.0 (MongoDB wire protocol, wire version 8) on 127.0.0.1 through our launcher class.
 * Resolves once it answers a MongoDB `ping`; `url` has no database name. With `storage: 'file'` the launcher commits
 * to the H2 file every 50 ms, so a SIGKILL loses at most the last ~100 ms of acknowledged writes (test:
 * mongo-durability.test.ts); SIGTERM closes the file cleanly.
 *
 * The process is guarded like every engine (stopped on exit, on SIGINT/SIGTERM and by the reaper if this process is
 * SIGKILLed). `stop()` sends SIGTERM, then SIGKILL after 10 s, and resolves when it has exited.
 *
 * @throws EngineStartError when it exits or does not answer within `readyTimeoutMs`, with its last output lines.
 */
export async function startMongo(options: StartMongoOptions): Promise<EngineHandle> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const engine = options.engine ?? (await ensureEngines({ log: options.log, only: ['mongo'] })).mongoEngine;
  if (!engine) throw new Error('unreachable: ensureEngines gave no mongo engine');
  const storage = options.storage ?? 'memory';
  if (storage === 'file') await warnOfOldEngineData(dataDir, options.log);

  return withPort(options.port, async (port) => {
    const proc = spawnEngine({
      name: 'mongo-engine',
      bin: engine.java,
      cwd: dataDir,
      logFile: path.join(dataDir, 'mongo-engine.log'),
      args: [
        // A small, steady heap and the serial collector: one engine per run, on a 2-core machine shared with the
        // services; JIT on (no TieredStopAtLevel), since benchmarks run against it.
        '-Xms64m',
        '-XX:+UseSerialGC',
        '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
        '-cp',
        engine.classPath,
        engine.mainClass,
        '--port',
        String(port),
        ...(storage === 'file' ? ['--h2', path.join(dataDir, H2_FILE_NAME)] : ['--memory']),
      ],
    });
    // listensOn: the answer must come from this process, not from another launcher's engine that got the same port.
    await waitReady(proc, async () => (await mongoPing(port)) && listensOn(proc.pid, port), options.readyTimeoutMs);
    const url = `mongodb://127.0.0.1:${port}`;
    options.log?.(`mongo-engine (${storage}) started at ${url} (pid ${proc.pid})`);
    return { url, port, pid: proc.pid, dataDir, logFile: proc.logFile, stop: proc.stop, kill: proc.kill };
  });
}

/**
 * A data dir from before the engine change holds `.sqlite` files, which this engine does not read: say so once, and
 * how to start clean, rather than fail. The new file sits beside them, so nothing is overwritten.
 */
async function warnOfOldEngineData(dataDir: string, log: StartEngineOptions['log']): Promise<void> {
  const names = await readdir(dataDir).catch(() => [] as string[]);
  if (names.some((name) => name.endsWith('.sqlite'))) {
    log?.(
      `${dataDir} holds data of the previous database engine (.sqlite files), which is not read: ` +
        'run `npm start -- --fresh` to start on an empty store and remove it',
    );
  }
}
