import { drainBus, startService, type Bus, type RunningService, type ServiceDefinition } from '@ticketing/common';
import type { BusService } from '@ticketing/local';
import { connectTestBus } from './bus-helpers';
import { busLoginEnv, busServiceOf } from './bus-credentials';
import { startTestNats, startTestRedis, testMongoUri, type TestEngine, type TestRedis } from './engines';
import { TEST_ETICKET_PRIVATE_KEY } from './eticket-key';
import { TEST_QUEUE_PASS_KEY } from './queue-pass-key';
import { TEST_JWT_KEY } from './session-cookie';

/** A service running in this test process with its own NATS, and a bus connection for the test. */
export interface TestService {
  service: RunningService;
  /** The test's bus connection (it publishes as the other services would, and reads what the service published). */
  bus: Bus;
  nats: TestEngine;
  /** The test file's own Redis, when the service was started with `redis: 'private'`. */
  redis?: TestRedis;
  /** `http://127.0.0.1:<port>` of the service. */
  url: string;
  /** Stops the service, the test's bus connection, the NATS server and the private Redis. */
  stop(): Promise<void>;
}

export interface TestServiceOptions {
  /**
   * The service's MongoDB: a fresh database named after this on the harness's engine (testMongoUri). Omitted for a
   * service that has none (expiration): then no MONGO_URI is set.
   */
  database?: string;
  /** The bus service it logs in as (default the one `database` is named after). */
  service?: BusService;
  /**
   * The service's Redis. Omitted: the harness's (REDIS_URL, from jest's global setup), shared by the run, which is
   * enough for the session deny-list (its keys are token ids, so test files never see each other's). `'private'`: a
   * redis-server of this test file, started here, returned as `redis` and stopped by `stop()`: for state that test
   * files must not share (throttle counters, job queues) and for a Redis that a test stops or restarts.
   */
  redis?: 'private';
  /** Added to (or overriding) the environment the service gets. */
  env?: Record<string, string>;
}

/** What `define` gets: the environment of the service under test. */
export type DefineTestService = (env: Record<string, string>) => ServiceDefinition;

/**
 * Starts a service the way every component test does: a private NATS (durables never meet across test files), a
 * fresh database on the harness's MongoDB engine (if `database`), the harness's Redis or a private one (`redis`), port
 * 0, the test JWT key, silent logs (TEST_LOG_LEVEL to see them).
 * `define` gets that environment (plus `env`) and returns the definition, usually `(e) => xService(loadConfig(Schema, e))`.
 * The service logs in to the bus as itself (`service`, default the service `database` is named after), with exactly
 * its production rights; throws when neither names a bus service. If the start fails, what it started is stopped.
 */
export function startTestService(
  define: DefineTestService,
  options: TestServiceOptions & { redis: 'private' },
): Promise<TestService & { redis: TestRedis }>;
export function startTestService(define: DefineTestService, options: TestServiceOptions): Promise<TestService>;
export async function startTestService(define: DefineTestService, options: TestServiceOptions): Promise<TestService> {
  const busService = options.service ?? (options.database === undefined ? undefined : busServiceOf(options.database));
  if (!busService)
    throw new Error(`startTestService: database ${options.database ?? '(none)'} names no bus service; pass service`);
  const engines: TestEngine[] = [];
  const stopEngines = () => Promise.all(engines.map((engine) => engine.stop()));
  let service: RunningService | undefined;
  try {
    const nats = await startTestNats();
    engines.push(nats);
    const redis = options.redis === 'private' ? await startTestRedis() : undefined;
    if (redis) engines.push(redis);
    // The test file's own Redis, or else the harness's.
    const redisUrl = redis?.url ?? process.env.REDIS_URL;
    service = await startService(
      define({
        PORT: '0',
        ...(options.database !== undefined && { MONGO_URI: testMongoUri(options.database) }),
        NATS_URL: nats.url,
        ...busLoginEnv(busService),
        JWT_KEY: TEST_JWT_KEY,
        // Only orders signs e-tickets (DESIGN §12).
        ...(busService === 'orders' && { ETICKET_PRIVATE_KEY: TEST_ETICKET_PRIVATE_KEY }),
        // Queue signs passes with it, orders verifies them (DESIGN §13); the others ignore it.
        QUEUE_PASS_KEY: TEST_QUEUE_PASS_KEY,
        ...(redisUrl && { REDIS_URL: redisUrl }),
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        ...options.env,
      }),
      // recordDatabaseCommands counts round trips from the driver's command events.
      { monitorDatabaseCommands: true },
    );
    const running = service;
    const bus = await connectTestBus(nats.url);
    return {
      service: running,
      bus,
      nats,
      ...(redis && { redis }),
      url: `http://127.0.0.1:${running.port}`,
      async stop() {
        await running.stop();
        await drainBus(bus);
        await stopEngines();
      },
    };
  } catch (error) {
    await service?.stop();
    await stopEngines();
    throw error;
  }
}
