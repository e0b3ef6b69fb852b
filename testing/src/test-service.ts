import { drainBus, startService, type Bus, type RunningService, type ServiceDefinition } from '@ticketing/common';
import type { BusService } from '@ticketing/local';
import { connectTestBus } from './bus-helpers';
import { busLoginEnv, busServiceOf } from './bus-credentials';
import { startTestNats, testMongoUri, type TestEngine } from './engines';
import { TEST_JWT_KEY } from './session-cookie';

/** A service running in this test process with its own NATS and database, and a bus connection for the test. */
export interface TestService {
  service: RunningService;
  /** The test's bus connection (it publishes as the other services would, and reads what the service published). */
  bus: Bus;
  nats: TestEngine;
  /** `http://127.0.0.1:<port>` of the service. */
  url: string;
  /** Stops the service, the test's bus connection and the NATS server. */
  stop(): Promise<void>;
}

/**
 * Starts a service the way every component test does: a private NATS (durables never meet across test files), a
 * fresh database on the harness's MongoDB engine, the harness's Redis, port 0, the test JWT key, silent logs (TEST_LOG_LEVEL to see them).
 * `define` gets that environment (plus `env`) and returns the definition, usually `(e) => xService(loadConfig(Schema, e))`.
 * The service logs in to the bus as itself (`service`, default the service `database` is named after), with exactly
 * its production rights; throws when neither names a bus service.
 */
export async function startTestService(
  define: (env: Record<string, string>) => ServiceDefinition,
  options: { database: string; service?: BusService; env?: Record<string, string> },
): Promise<TestService> {
  const busService = options.service ?? busServiceOf(options.database);
  if (!busService) throw new Error(`startTestService: database ${options.database} names no service; pass service`);
  const nats = await startTestNats();
  const service = await startService(
    define({
      PORT: '0',
      MONGO_URI: testMongoUri(options.database),
      NATS_URL: nats.url,
      ...busLoginEnv(busService),
      JWT_KEY: TEST_JWT_KEY,
      // The harness's Redis: the session deny-list's keys are token ids, so test files never see each other's.
      ...(process.env.REDIS_URL && { REDIS_URL: process.env.REDIS_URL }),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      ...options.env,
    }),
    // recordDatabaseCommands counts round trips from the driver's command events.
    { monitorDatabaseCommands: true },
  );
  const bus = await connectTestBus(nats.url);
  return {
    service,
    bus,
    nats,
    url: `http://127.0.0.1:${service.port}`,
    async stop() {
      await service.stop();
      await drainBus(bus);
      await nats.stop();
    },
  };
}
