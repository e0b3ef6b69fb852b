import { randomUUID } from 'node:crypto';
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
  nextEvent,
  publishEvent,
  settled,
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
let redis: TestEngine;
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

describe('listener: order.created', () => {
  test('When an order is due in 1.5 s, then OrderExpired is published less than 1 s after expiresAt, with its order id as event id', async () => {
    const expiresAt = Date.now() + 1_500;
    const order = orderCreatedData(expiresAt);

    await publishEvent(bus, OrderCreated, order);

    const arrivedAt = await eventually(() => watch.arrivals(order.id)[0], 'OrderExpired published', {
      timeoutMs: 10_000,
      intervalMs: 5,
    });
    const lateness = arrivedAt - expiresAt;
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThan(1_000);
    const expired = await nextEvent(bus, OrderExpired, (d) => d.orderId === order.id);
    expect(expired.id).toBe(`order.expired:${order.id}`);
    expect(Date.parse(expired.occurredAt)).toBeGreaterThanOrEqual(expiresAt);
  });

  test('When the order arrives after its expiresAt has passed, then OrderExpired is published at once', async () => {
    const order = orderCreatedData(Date.now() - 60_000);
    const publishedAt = Date.now();

    await publishEvent(bus, OrderCreated, order);

    const arrivedAt = await eventually(() => watch.arrivals(order.id)[0], 'OrderExpired published', {
      timeoutMs: 10_000,
      intervalMs: 5,
    });
    expect(arrivedAt - publishedAt).toBeLessThan(1_000);
    expect(await nextEvent(bus, OrderExpired, (d) => d.orderId === order.id)).toMatchObject({
      id: `order.expired:${order.id}`,
    });
  });

  test('When the same OrderCreated comes again (a new event id, before and after the job fired), then OrderExpired is published exactly once', async () => {
    const order = orderCreatedData(Date.now() + 1_000);

    await publishEvent(bus, OrderCreated, order);
    await publishEvent(bus, OrderCreated, order);
    await eventually(async () => (await queue.jobState(order.id)) === 'completed', 'expiry job completed', {
      timeoutMs: 10_000,
    });
    await publishEvent(bus, OrderCreated, order);
    await settled(bus, 'expiration-order-created');

    // The plain subscription counts every publish (JetStream's dedupe would hide a second one in the stream).
    expect(watch.arrivals(order.id)).toHaveLength(1);
    expect(await eventsInStream(bus, OrderExpired, (d) => d.orderId === order.id)).toHaveLength(1);
    expect(await queue.jobState(order.id)).toBe('completed');
  });

  test('When an OrderCreated payload is invalid, then it is terminated and no job is scheduled', async () => {
    const order = orderCreatedData(Date.now() - 1_000);
    const envelope = {
      id: randomUUID(),
      subject: OrderCreated.subject,
      occurredAt: new Date().toISOString(),
      data: { ...order, expiresAt: 'tomorrow' },
    };

    await bus.js.publish(OrderCreated.subject, JSON.stringify(envelope), { msgID: envelope.id });
    await settled(bus, 'expiration-order-created');

    expect(await queue.jobState(order.id)).toBeUndefined();
    expect(watch.arrivals(order.id)).toEqual([]);
  });
});
