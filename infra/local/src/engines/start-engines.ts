import path from 'node:path';
import type { BusCredentials } from '../bus/nats-config';
import { ensureEngines, type EngineName } from './ensure';
import { startMongo, type MongoStorage } from './mongo';
import { startNats } from './nats';
import { startRedis } from './redis';
import type { EngineHandle, LogLine } from './types';

/** Every engine, in start order; what `startEngines` starts when `only` is omitted. */
export const ALL_ENGINES: readonly EngineName[] = ['mongo', 'nats', 'redis'];

type UrlKey<E extends EngineName> = E extends 'mongo' ? 'mongoUri' : E extends 'nats' ? 'natsUrl' : 'redisUrl';

/** The running engines: one URL per engine asked for, their PIDs, and one `stop()` for all. */
export type Engines<E extends EngineName = EngineName> = { readonly [K in E as UrlKey<K>]: string } & {
  /** PIDs of the processes started (no `mongo` entry when an external MongoDB URI was used). */
  readonly pids: Readonly<Partial<Record<EngineName, number>>>;
  readonly dataDir: string;
  /** What NATS accepts (when it was started): connect as a service with `busCredentials.passwords.<service>`. */
  readonly busCredentials?: BusCredentials;
  /** Stops every engine started here (SIGTERM, then SIGKILL after a deadline); resolves when all have exited. */
  stop(): Promise<void>;
};

/** Options of {@link startEngines}. */
export interface StartEnginesOptions<E extends EngineName> {
  /** Each engine gets `<dataDir>/mongo`, `<dataDir>/nats` or `<dataDir>/redis`; reuse it to keep data between runs. */
  dataDir: string;
  /** Start only these (default: all three). */
  only?: readonly E[];
  log?: LogLine;
  /** Use this MongoDB instead of starting the local engine. Defaults to `process.env.TEST_MONGO_URI` when set. */
  mongoUri?: string;
  /** Where the local engine keeps documents (default `memory`; `file` keeps them in `<dataDir>/mongo`). */
  mongoStorage?: MongoStorage;
  /** The NATS users' passwords; default: kept in `<dataDir>/nats`. */
  busCredentials?: BusCredentials;
}

/**
 * Installs what is missing ({@link ensureEngines}), then starts the MongoDB engine (mongo-java-server), NATS
 * (JetStream) and Redis in parallel on
 * free 127.0.0.1 ports, each under its own folder of `dataDir`, and resolves once every one answers.
 * `mongoUri` is `mongodb://127.0.0.1:<port>` with no database: append one per service or per test file.
 * With `TEST_MONGO_URI` set (or `options.mongoUri`), no engine is started for MongoDB and that URI is `mongoUri`.
 *
 * Every process started is guarded: `stop()`, process exit, SIGINT/SIGTERM, and even a SIGKILL of this process
 * (through a detached reaper) stop it.
 *
 * @throws EngineStartError when an engine exits or does not answer within 30 s (its last output lines are in the
 *   message); the engines that did start are stopped before it rejects. Errors of `ensureEngines` pass through.
 */
export async function startEngines<E extends EngineName = EngineName>(
  options: StartEnginesOptions<E>,
): Promise<Engines<E>> {
  const dataDir = path.resolve(options.dataDir);
  const only = new Set<EngineName>(options.only ?? ALL_ENGINES);
  const log = options.log;
  // DESIGN §2: where a real MongoDB exists, the same tests run against it instead of the local engine.
  const externalMongo = options.mongoUri || process.env.TEST_MONGO_URI || undefined;
  const startLocalMongo = only.has('mongo') && !externalMongo;

  const binaries = await ensureEngines({
    log,
    only: [...only].filter((name) => name !== 'mongo' || startLocalMongo),
  });

  const starts: Array<[EngineName, Promise<EngineHandle>]> = [];
  let busCredentials: BusCredentials | undefined;
  if (startLocalMongo) {
    starts.push([
      'mongo',
      startMongo({
        dataDir: path.join(dataDir, 'mongo'),
        engine: binaries.mongoEngine,
        storage: options.mongoStorage ?? 'memory',
        log,
      }),
    ]);
  }
  if (only.has('nats')) {
    const nats = startNats({
      dataDir: path.join(dataDir, 'nats'),
      bin: binaries.natsServer,
      log,
      ...(options.busCredentials && { credentials: options.busCredentials }),
    });
    starts.push([
      'nats',
      nats.then((handle) => {
        busCredentials = handle.credentials;
        return handle;
      }),
    ]);
  }
  if (only.has('redis')) {
    starts.push(['redis', startRedis({ dataDir: path.join(dataDir, 'redis'), bin: binaries.redisServer, log })]);
  }

  const settled = await Promise.allSettled(starts.map(([, started]) => started));
  const handles = new Map<EngineName, EngineHandle>();
  settled.forEach((result, index) => {
    const name = starts[index]?.[0];
    if (name && result.status === 'fulfilled') handles.set(name, result.value);
  });
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled([...handles.values()].map((handle) => handle.stop()));
  };
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    // All or nothing: one engine failing must not leave the others running.
    await stopAll();
    throw failure.reason;
  }

  const urls: Record<string, string> = {};
  if (only.has('mongo')) urls.mongoUri = externalMongo ?? handles.get('mongo')?.url ?? '';
  if (only.has('nats')) urls.natsUrl = handles.get('nats')?.url ?? '';
  if (only.has('redis')) urls.redisUrl = handles.get('redis')?.url ?? '';
  const pids: Partial<Record<EngineName, number>> = {};
  for (const [name, handle] of handles) pids[name] = handle.pid;

  let stopping: Promise<void> | undefined;
  return {
    ...urls,
    pids,
    dataDir,
    ...(busCredentials && { busCredentials }),
    stop: () => (stopping ??= stopAll()),
  } as unknown as Engines<E>;
}
