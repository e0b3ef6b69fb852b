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
let redis: TestEngine;
let service: RunningService;
let bus: Bus;
let watch: ExpiryWatch;
let queue: QueueObserver;
let natsPaused = false;

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
  if (natsPaused) process.kill(nats.pid, 'SIGCONT');
  watch?.stop();
  await queue?.close();
  await service?.stop();
  if (bus) await drainBus(bus);
  await nats?.stop();
  await redis?.stop();
});

describe('job: expire order', () => {
  test('When the bus does not answer while a job is due, then the job is retried and OrderExpired is stored once', async () => {
    const order = orderCreatedData(Date.now() + 1_000);
    await publishEvent(bus, OrderCreated, order);
    await eventually(async () => (await queue.jobState(order.id)) === 'delayed', 'expiry job scheduled');

    // A frozen nats-server (SIGSTOP) takes the publish but sends no PubAck: the attempt times out and fails.
    process.kill(nats.pid, 'SIGSTOP');
    natsPaused = true;
    await eventually(async () => (await queue.attemptsMade(order.id)) >= 1, 'first publish attempt failed', {
      timeoutMs: 15_000,
    });
    process.kill(nats.pid, 'SIGCONT');
    natsPaused = false;

    await eventually(async () => (await queue.jobState(order.id)) === 'completed', 'expiry job completed on a retry', {
      timeoutMs: 15_000,
    });
    // The failed attempt's message did reach the server; the retry has the same event id, so the stream keeps one.
    expect(await eventsInStream(bus, OrderExpired, (d) => d.orderId === order.id)).toHaveLength(1);
  });
});
