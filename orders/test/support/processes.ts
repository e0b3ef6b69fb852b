import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { drainBus, type Bus } from '@ticketing/common';
import {
  connectTestBus,
  startServiceProcess,
  startTestNats,
  TEST_JWT_KEY,
  testMongoUri,
  type ServiceProcess,
} from '@ticketing/testing';

export const repoRoot = path.resolve(__dirname, '../../..');
export const ordersEntry = path.join(repoRoot, 'orders/dist/index.js');
export const ticketsEntry = path.join(repoRoot, 'tickets/dist/index.js');

/**
 * Builds orders (and what it references) for the child-process tests. Under a lock, because two test files (jest
 * runs two workers) building at once would write the same dist files together.
 */
export function buildOrders(): void {
  execFileSync('flock', ['/tmp/ticketing-orders-build.lock', 'npx', 'tsc', '-b', 'orders'], {
    cwd: repoRoot,
    stdio: 'pipe',
  });
}

/** One orders replica as a child process (`node orders/dist/index.js`). */
export function startOrdersProcess(
  name: string,
  env: { MONGO_URI: string; NATS_URL: string } & Record<string, string>,
): Promise<ServiceProcess> {
  return startServiceProcess({
    name,
    entry: ordersEntry,
    env: { JWT_KEY: TEST_JWT_KEY, LOG_LEVEL: 'warn', EXPIRATION_WINDOW_SECONDS: '900', ...env },
  });
}

/** The tickets service as a child process (`node tickets/dist/index.js`), built by its own workspace. */
export function startTicketsProcess(
  env: { MONGO_URI: string; NATS_URL: string } & Record<string, string>,
): Promise<ServiceProcess> {
  return startServiceProcess({
    name: 'tickets',
    entry: ticketsEntry,
    env: { JWT_KEY: TEST_JWT_KEY, LOG_LEVEL: 'warn', ...env },
  });
}

/** Two orders replicas (child processes) on one database and one NATS, and the test's bus connection to it. */
export interface TwoOrdersReplicas {
  replicas: [ServiceProcess, ServiceProcess];
  bus: Bus;
  stop(): Promise<void>;
}

/** Builds orders and starts two replicas of it on the fresh database `database` and a NATS of their own. */
export async function startTwoOrdersReplicas(database: string): Promise<TwoOrdersReplicas> {
  buildOrders();
  const nats = await startTestNats();
  const env = { MONGO_URI: testMongoUri(database), NATS_URL: nats.url };
  const replicas = await Promise.all([startOrdersProcess('orders-1', env), startOrdersProcess('orders-2', env)]);
  const bus = await connectTestBus(nats.url);
  return {
    replicas,
    bus,
    async stop() {
      await Promise.all(replicas.map((r) => r.stop()));
      await drainBus(bus);
      await nats.stop();
    },
  };
}
