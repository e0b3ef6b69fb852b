import path from 'node:path';
import { drainBus, OrderCreated, OrderExpired, type Bus } from '@ticketing/common';
import {
  connectTestBus,
  eventsInStream,
  eventually,
  publishEvent,
  startServiceProcess,
  startTestNats,
  startTestRedis,
  type ServiceProcess,
  type TestEngine,
} from '@ticketing/testing';
import {
  observeQueue,
  orderCreatedData,
  watchExpiries,
  type ExpiryWatch,
  type QueueObserver,
} from './support/expiration-fixtures';

// The service as it runs in production (`node dist/index.js`; build first: `npx tsc -b expiration`), so it can be SIGKILLed.
const entry = path.resolve(__dirname, '../dist/index.js');

let nats: TestEngine;
let redis: TestEngine;
let service: ServiceProcess;
let bus: Bus;
let watch: ExpiryWatch;
let queue: QueueObserver;

beforeAll(async () => {
  nats = await startTestNats();
  redis = await startTestRedis();
  service = await startServiceProcess({ name: 'expiration', entry, env: { NATS_URL: nats.url, REDIS_URL: redis.url } });
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

describe('expiration restart', () => {
  test('When the service is killed while jobs are pending, then after a restart every job fires once', async () => {
    // Some due while it is down, some after the restart; and one order placed while it is down.
    const start = Date.now();
    const orders = [1_000, 1_500, 2_000, 6_000, 7_000].map((ms) => orderCreatedData(start + ms));
    for (const order of orders) await publishEvent(bus, OrderCreated, order);
    for (const order of orders)
      await eventually(async () => (await queue.jobState(order.id)) === 'delayed', `job of ${order.id} scheduled`);

    await service.kill();
    const lateOrder = orderCreatedData(Date.now() + 500);
    await publishEvent(bus, OrderCreated, lateOrder);
    await eventually(() => Date.now() > start + 2_000, 'the first jobs are due while the service is down');
    expect(orders.flatMap((o) => watch.arrivals(o.id))).toEqual([]);
    await service.restart();

    for (const order of [...orders, lateOrder]) {
      await eventually(() => watch.arrivals(order.id).length > 0, `OrderExpired for ${order.id}`, {
        timeoutMs: 20_000,
      });
    }
    for (const order of [...orders, lateOrder]) {
      expect(watch.arrivals(order.id)).toHaveLength(1);
      expect(await eventsInStream(bus, OrderExpired, (d) => d.orderId === order.id)).toHaveLength(1);
    }
    for (const order of orders.slice(3)) {
      expect(watch.arrivals(order.id)[0]).toBeGreaterThanOrEqual(Date.parse(order.expiresAt));
    }
  });

  test('When the service gets SIGTERM, then it shuts down in order and exits 0, and its pending jobs fire after a restart', async () => {
    const order = orderCreatedData(Date.now() + 1_500);
    await publishEvent(bus, OrderCreated, order);
    await eventually(async () => (await queue.jobState(order.id)) === 'delayed', 'expiry job scheduled');

    const code = await service.stop();
    await service.restart();

    expect(code).toBe(0);
    await eventually(() => watch.arrivals(order.id).length > 0, 'OrderExpired after the restart', {
      timeoutMs: 10_000,
    });
    expect(watch.arrivals(order.id)).toHaveLength(1);
  });
});
