import {
  drainBus,
  loadConfig,
  OrderCreated,
  OrderExpired,
  startService,
  type Bus,
  type RunningService,
} from '@ticketing/common';
import {
  connectTestBus,
  eventsInStream,
  eventually,
  publishEvent,
  startTestNats,
  startTestRedis,
  type TestEngine,
} from '@ticketing/common/testing';
import { ConfigSchema } from '../src/config';
import { expirationService } from '../src/service';
import {
  observeQueue,
  orderCreatedData,
  watchExpiries,
  type ExpiryWatch,
  type QueueObserver,
} from './support/expiration-fixtures';

let nats: TestEngine;
let redis: TestEngine & { dataDir: string };
let service: RunningService;
let bus: Bus;
let watch: ExpiryWatch;
let queue: QueueObserver;

beforeAll(async () => {
  nats = await startTestNats();
  redis = await startTestRedis();
  const config = loadConfig(ConfigSchema, { PORT: '0', NATS_URL: nats.url, REDIS_URL: redis.url, LOG_LEVEL: 'silent' });
  service = await startService(expirationService(config));
  bus = await connectTestBus(nats.url);
  watch = watchExpiries(bus);
  queue = observeQueue(redis.url);
});

afterAll(async () => {
  watch?.stop();
  await queue?.close();
  await service?.stop();
  if (bus) await drainBus(bus);
  await nats?.stop();
  await redis?.stop();
});

async function readyz(): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${service.port}/readyz`).catch(() => undefined);
  return res?.status ?? 0;
}

describe('Redis restart', () => {
  test('When Redis restarts while jobs are pending, then /readyz is 503 while it is down, 200 after, and every job fires once', async () => {
    // Some due during the outage, some after it; and one order placed while Redis is down.
    const start = Date.now();
    const orders = [1_500, 2_000, 2_500, 6_000, 7_000].map((ms) => orderCreatedData(start + ms));
    for (const order of orders) await publishEvent(bus, OrderCreated, order);
    for (const order of orders)
      await eventually(async () => (await queue.jobState(order.id)) === 'delayed', `job of ${order.id} scheduled`);
    expect(await readyz()).toBe(200);

    const { port, dataDir } = redis;
    await redis.stop();
    await eventually(async () => (await readyz()) === 503, '/readyz 503 while Redis is down');
    const lateOrder = orderCreatedData(Date.now() + 1_000);
    await publishEvent(bus, OrderCreated, lateOrder);
    await eventually(() => Date.now() > start + 2_500, 'the first jobs are due while Redis is down');
    redis = await startTestRedis({ port, dataDir });

    await eventually(async () => (await readyz()) === 200, '/readyz 200 once Redis is back', { timeoutMs: 15_000 });
    for (const order of [...orders, lateOrder]) {
      await eventually(() => watch.arrivals(order.id).length > 0, `OrderExpired for ${order.id}`, {
        timeoutMs: 20_000,
      });
    }
    for (const order of [...orders, lateOrder]) {
      expect(watch.arrivals(order.id)).toHaveLength(1);
      expect(await eventsInStream(bus, OrderExpired, (d) => d.orderId === order.id)).toHaveLength(1);
    }
    // The ones due after the outage fired on time, not early: their schedule survived in the append-only file.
    for (const order of orders.slice(3)) {
      expect(watch.arrivals(order.id)[0]).toBeGreaterThanOrEqual(Date.parse(order.expiresAt));
    }
  });
});
