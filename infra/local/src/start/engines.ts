// The engines of the local system (mongo-java-server, NATS JetStream, Redis), started with the launcher in engines/ on their
// folders of DATA_DIR, so that their data outlives a restart, and kept running by the supervisor: an engine that
// dies is started again on the same port, where the services' clients reconnect to it.
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { ensureEngines, type EngineName } from '../engines/ensure';
import { startMongo } from '../engines/mongo';
import { startNats } from '../engines/nats';
import { startRedis } from '../engines/redis';
import type { EngineHandle, LogLine, StartEngineOptions } from '../engines/types';
import type { DataLayout } from './data-dir';
import type { LocalSecrets } from './secrets';
import { supervise, type Supervised, type SuperviseOptions } from './supervisor';

/** One engine kept running, with where to reach it. */
export interface LocalEngine extends Supervised {
  readonly engine: EngineName;
  readonly url: string;
  readonly logFile: string;
}

/** The running engines; `mongoUri` has no database name (it is the external MONGO_URI when one was given). */
export interface LocalEngines {
  readonly mongoUri: string;
  readonly natsUrl: string;
  readonly redisUrl: string;
  readonly engines: readonly LocalEngine[];
}

export interface StartLocalEnginesOptions {
  layout: DataLayout;
  /** The NATS users' passwords and Redis' password the engines require (kept in the data dir). */
  secrets: Pick<LocalSecrets, 'bus' | 'redisPassword'>;
  /** A real MongoDB to use instead of the local engine (DESIGN §2: MONGO_URI for npm start). */
  mongoUri?: string;
  log: LogLine;
  onGiveUp(name: string, reason: string): void;
  maxRestarts?: number;
}

/**
 * Installs what is missing (ensureEngines, with progress), then starts the engines in parallel on free ports and
 * resolves once each answers. All or nothing: when one fails, the others are stopped and its error is thrown.
 */
export async function startLocalEngines(options: StartLocalEnginesOptions): Promise<LocalEngines> {
  const { layout, log } = options;
  const wanted: EngineName[] = options.mongoUri ? ['nats', 'redis'] : ['mongo', 'nats', 'redis'];
  const bins = await ensureEngines({ log, only: wanted });

  const starters: Record<EngineName, [string, (o: StartEngineOptions) => Promise<EngineHandle>, StartEngineOptions]> = {
    // The H2 file backend: npm start's data outlives a restart (tests use the memory backend).
    mongo: [
      'mongo',
      (o) => startMongo({ ...o, engine: bins.mongoEngine, storage: 'file' }),
      { dataDir: layout.engines.mongo },
    ],
    nats: [
      'nats',
      (o) => startNats({ ...o, credentials: options.secrets.bus }),
      { dataDir: layout.engines.nats, bin: bins.natsServer },
    ],
    redis: [
      'redis',
      (o) => startRedis({ ...o, password: options.secrets.redisPassword }),
      { dataDir: layout.engines.redis, bin: bins.redisServer },
    ],
  };
  const settled = await Promise.allSettled(
    wanted.map((engine) => {
      const [name, start, engineOptions] = starters[engine];
      return superviseEngine(engine, name, (port) => start({ ...engineOptions, port }), options);
    }),
  );
  const started = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await Promise.allSettled(started.map((engine) => engine.stop()));
    throw failed.reason;
  }
  await Promise.all(started.map((engine) => linkLog(layout.logs, engine)));
  const urlOf = (engine: EngineName): string => started.find((e) => e.engine === engine)?.url ?? '';
  return {
    mongoUri: options.mongoUri ?? urlOf('mongo'),
    natsUrl: urlOf('nats'),
    redisUrl: urlOf('redis'),
    engines: started,
  };
}

async function superviseEngine(
  engine: EngineName,
  name: string,
  start: (port: number | undefined) => Promise<EngineHandle>,
  options: StartLocalEnginesOptions,
): Promise<LocalEngine> {
  const { supervised, handle } = await superviseHandle(name, start, {
    log: options.log,
    onGiveUp: options.onGiveUp,
    maxRestarts: options.maxRestarts,
    logFile: path.join(options.layout.logs, `${name}.log`),
  });
  return {
    engine,
    name,
    url: handle.url,
    logFile: handle.logFile,
    get pid() {
      return supervised.pid;
    },
    get restarts() {
      return supervised.restarts;
    },
    stop: () => supervised.stop(),
  };
}

/**
 * Keeps a process started by the launcher's engine functions running (an engine, or --observe's prometheus): on a
 * free port the first time, on the same one at every restart, so that the URLs its clients hold stay valid. Resolves
 * with the first run's handle.
 */
export async function superviseHandle(
  name: string,
  start: (port: number | undefined) => Promise<EngineHandle>,
  options: Omit<SuperviseOptions, 'signal'>,
): Promise<{ supervised: Supervised; handle: EngineHandle }> {
  let latest: EngineHandle | undefined;
  const supervised = await supervise(
    name,
    async () => {
      const handle = await start(latest?.port);
      latest = handle;
      return { pid: handle.pid, exited: whenGone(handle.pid), stop: handle.stop };
    },
    options,
  );
  const handle = latest as EngineHandle | undefined;
  if (!handle) throw new Error(`unreachable: ${name} started without a handle`);
  return { supervised, handle };
}

// The launcher's engine handles have no exit event; their process is our child, so once it has exited (and Node has
// reaped it) its PID no longer answers signal 0.
function whenGone(pid: number): Promise<string> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      try {
        process.kill(pid, 0);
      } catch {
        clearInterval(timer);
        resolve('stopped unexpectedly');
      }
    }, 500);
    timer.unref();
  });
}

/** DATA_DIR/logs/<name>.log → the engine's own log file, so that every part's log is in one folder. */
async function linkLog(logDir: string, engine: LocalEngine): Promise<void> {
  const link = path.join(logDir, `${engine.name}.log`);
  await symlink(path.relative(logDir, engine.logFile), link).catch(() => undefined);
}
