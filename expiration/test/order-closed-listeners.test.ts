import {
  drainBus,
  loadConfig,
  newObjectId,
  OrderCancelled,
  OrderCompleted,
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

// OrderCancelled and OrderCompleted close an order: both listeners drop its pending expiry job.
describe.each([
  ['order.cancelled', OrderCancelled, 'expiration-order-cancelled'],
  ['order.completed', OrderCompleted, 'expiration-order-completed'],
] as const)('listener: %s', (_subject, contract, durable) => {
  test('When the order is closed before its expiry is due, then its job is removed and no OrderExpired is published', async () => {
    const due = Date.now() + 2_000;
    const order = orderCreatedData(due);
    await publishEvent(bus, OrderCreated, order);
    await eventually(async () => (await queue.jobState(order.id)) === 'delayed', 'expiry job scheduled');

    await publishEvent(bus, contract, { id: order.id, version: 1, ticket: { id: order.ticket.id } });
    await settled(bus, durable);

    expect(await queue.jobState(order.id)).toBeUndefined();
    // Past the due time + 1 s with the job still gone: had it fired, OrderExpired would be in the stream by now.
    await eventually(
      async () => Date.now() > due + 1_000 && (await queue.jobState(order.id)) === undefined,
      'due time + 1 s passed, no job',
      { timeoutMs: 10_000 },
    );
    expect(watch.arrivals(order.id)).toEqual([]);
    expect(await eventsInStream(bus, OrderExpired, (d) => d.orderId === order.id)).toEqual([]);
  });

  test('When an unknown order is closed, then the event is acknowledged without effect', async () => {
    const id = newObjectId();

    await publishEvent(bus, contract, { id, version: 1, ticket: { id: newObjectId() } });
    await settled(bus, durable);

    expect(await queue.jobState(id)).toBeUndefined();
  });
});

describe('listener: order.cancelled', () => {
  test('When an order is cancelled after its expiry fired (by orders, on OrderExpired), then the finished job is kept and a late OrderCreated schedules nothing', async () => {
    const order = orderCreatedData(Date.now() - 1_000);
    await publishEvent(bus, OrderCreated, order);
    await eventually(async () => (await queue.jobState(order.id)) === 'completed', 'expiry job completed');

    await publishEvent(bus, OrderCancelled, { id: order.id, version: 1, ticket: { id: order.ticket.id } });
    await settled(bus, 'expiration-order-cancelled');
    await publishEvent(bus, OrderCreated, order);
    await settled(bus, 'expiration-order-created');

    expect(await queue.jobState(order.id)).toBe('completed');
    expect(watch.arrivals(order.id)).toHaveLength(1);
  });
});
