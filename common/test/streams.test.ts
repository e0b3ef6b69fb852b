// DESIGN §16 (issue 23, items 4 and 5): the delivery stream keeps every event until each durable bound to its subject
// has acked it, refuses publishes when full (the outbox holds the events meanwhile), and its history is in the
// archive; the streams are deployment's, so a service refuses to boot on a stream it cannot trust.
import mongoose from 'mongoose';
import { AckPolicy, DiscardPolicy, RetentionPolicy } from '@nats-io/jetstream';
import { makeStreams, startNats, streamConsumers, type NatsHandle } from '@ticketing/local';
import {
  busLoginEnv,
  connectTestBus,
  eventually,
  makeTestStreams,
  settled,
  startTestNats,
  testBusCredentials,
  testBusLogin,
  testMongoUri,
  type TestEngine,
} from '@ticketing/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  ARCHIVE_STREAM_NAME,
  connectBus,
  DEAD_LETTER_STREAM,
  defineListener,
  drainBus,
  durableName,
  failureKind,
  listen,
  publishEnvelope,
  STREAM_NAME,
  StreamNotReadyError,
  type Bus,
  type RunningListener,
} from '../src/bus';
import { allEvents, OrderCreated, TicketCreated } from '../src/events';
import { createServiceApp } from '../src/http';
import { newObjectId } from '../src/http/ids';
import { createLogger, startService, type ServiceDefinition } from '../src/service';
import { EntityStore, startOutboxRelay, versionedSchema, type Owned } from '../src/store';

const log = createLogger('streams', 'silent');
const NANOS_PER_SECOND = 1_000_000_000;
/** Small enough that a few dozen events fill TICKETING. */
const MAX_BYTES = 16 * 1024;
/** Events published through the outbox: several times what the stream holds. */
const EVENTS = Number(process.env.STREAM_TEST_EVENTS ?? 150);

const buses: Bus[] = [];
const listeners: RunningListener[] = [];

async function connectAs(url: string, service: 'tickets' | 'orders' | 'expiration' | 'payments'): Promise<Bus> {
  const bus = await connectBus({ url, credentials: testBusLogin(service), service, log });
  buses.push(bus);
  return bus;
}

/** A listener of `service` on order.created that records the ids it handles. */
async function recordOrders(bus: Bus, into: string[]): Promise<RunningListener> {
  const listener = await listen(
    bus,
    defineListener({
      event: OrderCreated,
      handle: async (data) => {
        into.push(data.id);
      },
    }),
  );
  listeners.push(listener);
  return listener;
}

afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.stop()));
  await Promise.all(buses.splice(0).map((b) => drainBus(b)));
});

describe('the streams deployment makes', () => {
  let nats: TestEngine;
  beforeAll(async () => {
    nats = await startTestNats({ streams: { maxBytes: MAX_BYTES } });
    await mongoose.connect(testMongoUri('streams'));
  });
  afterAll(async () => {
    await mongoose.disconnect();
    await nats?.stop();
  });

  test('When deployment makes the streams, then TICKETING keeps by interest with discard new and no age, the archive mirrors it for 30 days, and every durable exists', async () => {
    const bus = await connectTestBus(nats.url);
    buses.push(bus);

    const delivery = (await bus.jsm.streams.info(STREAM_NAME)).config;
    const archive = (await bus.jsm.streams.info(ARCHIVE_STREAM_NAME)).config;
    const durables: string[] = [];
    for await (const consumer of bus.jsm.consumers.list(STREAM_NAME)) durables.push(consumer.name);

    expect(delivery).toMatchObject({
      subjects: allEvents.map((e) => e.subject),
      retention: RetentionPolicy.Interest,
      discard: DiscardPolicy.New,
      max_age: 0,
      max_bytes: MAX_BYTES,
    });
    expect(archive).toMatchObject({
      mirror: { name: STREAM_NAME },
      retention: RetentionPolicy.Limits,
      max_age: 30 * 24 * 3600 * NANOS_PER_SECOND,
    });
    const expected = Object.entries(streamConsumers()).flatMap(([service, subjects]) =>
      subjects.map((subject) => durableName(service, subject)),
    );
    expect(durables.sort()).toEqual(expected.sort());
  });

  test('When expiration is stopped while tickets and payments go on and the outbox publishes past the byte limit, then the full stream refuses, the outbox holds the rest, and after the restart every consumer has every event', async () => {
    interface OrderDoc extends Owned {
      title: string;
    }
    const Orders = mongoose.model<OrderDoc>(
      'StreamOrder',
      versionedSchema<OrderDoc>({ title: String }, { collection: 'stream_orders', outbox: true }),
    );
    const store = new EntityStore(Orders);
    await store.init();
    const tickets: string[] = [];
    const payments: string[] = [];
    const expiration: string[] = [];
    await recordOrders(await connectAs(nats.url, 'tickets'), tickets);
    await recordOrders(await connectAs(nats.url, 'payments'), payments);
    // expiration's durable exists (deployment made it) but its service is down.
    const relay = startOutboxRelay({
      bus: await connectAs(nats.url, 'orders'),
      stores: [store],
      log,
      retryIntervalMs: 100,
    });
    const testBus = await connectTestBus(nats.url);
    buses.push(testBus);
    const pendingInOutbox = async () =>
      (await Orders.find({}, { outbox: 1 }).lean()).reduce((n, doc) => n + (doc.outbox?.length ?? 0), 0);

    try {
      const ids = Array.from({ length: EVENTS }, () => newObjectId());
      for (let i = 0; i < ids.length; i += 25) {
        await Promise.all(
          ids
            .slice(i, i + 25)
            .map((id) =>
              store.insert({ _id: id, title: 'Rock Concert' }, [
                OrderCreated.create({ ...OrderCreated.example, id, userId: newObjectId() }),
              ]),
            ),
        );
      }

      // Full: the stream refuses what would pass its limit, and the outbox keeps those events.
      await eventually(async () => (await pendingInOutbox()) > 0 && tickets.length > 0, 'the stream full', {
        timeoutMs: 15_000,
      });
      const full = (await testBus.jsm.streams.info(STREAM_NAME)).state;
      expect(full.bytes).toBeLessThanOrEqual(MAX_BYTES);
      expect(full.messages).toBeLessThan(EVENTS);
      const refused: unknown = await publishEnvelope(testBus, OrderCreated.create(OrderCreated.example)).catch(
        (error: unknown) => error,
      );
      expect(String(refused)).toMatch(/maximum bytes exceeded/);
      // A handler that publishes into a full stream is redelivered until there is room, never dead-lettered.
      expect(failureKind(refused)).toBe('transient');
      expect(tickets.length + (await pendingInOutbox())).toBe(EVENTS);

      await recordOrders(await connectAs(nats.url, 'expiration'), expiration);

      await eventually(async () => (await pendingInOutbox()) === 0, 'the outbox emptied', { timeoutMs: 30_000 });
      for (const durable of ['tickets', 'payments', 'expiration'].map((s) => durableName(s, OrderCreated.subject)))
        await settled(testBus, durable, 30_000);
      expect(new Set(expiration)).toEqual(new Set(ids));
      expect(new Set(tickets)).toEqual(new Set(ids));
      expect(new Set(payments)).toEqual(new Set(ids));
      // Acked by every durable, they left TICKETING; the history keeps them.
      expect((await testBus.jsm.streams.info(STREAM_NAME)).state.messages).toBe(0);
      const archived = await testBus.jsm.streams.info(ARCHIVE_STREAM_NAME, { subjects_filter: OrderCreated.subject });
      expect(archived.state.subjects?.[OrderCreated.subject]).toBe(EVENTS);
    } finally {
      await relay.stop();
    }
  }, 90_000);
});

describe('a service against the streams it finds', () => {
  let dataDir: string;
  let nats: NatsHandle;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(process.env.TEST_ENGINES_DIR ?? tmpdir(), 'bare-nats-'));
    // A server on which deployment has made nothing yet.
    nats = await startNats({ dataDir, credentials: testBusCredentials() });
  });
  afterEach(async () => {
    await nats.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Orders as far as the bus goes: it publishes order.created and consumes ticket.created, as itself. */
  function ordersService(handled: string[]): ServiceDefinition {
    const login = busLoginEnv('orders');
    return {
      name: 'orders',
      config: { PORT: 0, HOST: '127.0.0.1', NATS_URL: nats.url, ...login, LOG_LEVEL: 'silent' },
      publishes: [OrderCreated],
      listeners: [
        defineListener({
          event: TicketCreated,
          handle: async (data) => {
            handled.push(data.id);
          },
        }),
      ],
      buildApp: (context) => createServiceApp({ ...context, trustedProxyHops: 1, routers: [] }),
    };
  }

  test('When TICKETING is missing, or lacks a subject the service uses, then the service refuses to start and names the command to run', async () => {
    await expect(startService(ordersService([]))).rejects.toThrow(
      new StreamNotReadyError(
        'stream TICKETING does not exist: the streams are created and updated by deployment; run `npm run streams` (what `npm start` runs; in Kubernetes, the Job `streams`)',
      ),
    );
    await makeTestStreams(nats.url);
    const bus = await connectTestBus(nats.url);
    buses.push(bus);
    const { config } = await bus.jsm.streams.info(STREAM_NAME);
    await bus.jsm.streams.update(STREAM_NAME, {
      ...config,
      subjects: config.subjects.filter((s) => s !== TicketCreated.subject),
    });

    await expect(startService(ordersService([]))).rejects.toThrow(
      /^stream TICKETING lacks the subject\(s\) ticket\.created: .* run `npm run streams`/,
    );
  });

  test("When today's services start against the previous version's stream, then they refuse; the streams CLI updates it in place, and then they start and handle the events stored before", async () => {
    // What `git show HEAD~:common/src/bus/connect-bus.ts` made at every service's boot, and the durable orders had.
    const bus = await connectTestBus(nats.url);
    buses.push(bus);
    await bus.jsm.streams.add({
      name: STREAM_NAME,
      subjects: allEvents.map((e) => e.subject),
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: 7 * 24 * 3600 * NANOS_PER_SECOND,
      max_bytes: 1024 ** 3,
      duplicate_window: 10 * 60 * NANOS_PER_SECOND,
      num_replicas: 1,
    });
    await bus.jsm.streams.add({
      name: DEAD_LETTER_STREAM,
      subjects: ['dead.>'],
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: 30 * 24 * 3600 * NANOS_PER_SECOND,
    });
    await bus.jsm.consumers.add(STREAM_NAME, {
      durable_name: durableName('orders', TicketCreated.subject),
      filter_subject: TicketCreated.subject,
      ack_policy: AckPolicy.Explicit,
    });
    // Published while orders was being upgraded: it must handle them once it runs.
    const before = [newObjectId(), newObjectId()];
    for (const id of before)
      await publishEnvelope(bus, TicketCreated.create({ ...TicketCreated.example, id, userId: newObjectId() }));

    await expect(startService(ordersService([]))).rejects.toThrow(
      /^stream TICKETING has limits retention \(made by an earlier version\), not interest: .* run `npm run streams`/,
    );

    const report = JSON.parse(
      await makeStreams({
        repoRoot: resolve(__dirname, '../..'),
        natsUrl: nats.url,
        user: 'operator',
        password: testBusLogin('operator').password,
      }),
    ) as { streams: Record<string, string> };
    expect(report.streams).toEqual({
      [STREAM_NAME]: 'updated',
      [ARCHIVE_STREAM_NAME]: 'created',
      [DEAD_LETTER_STREAM]: 'updated',
    });
    const { config, state } = await bus.jsm.streams.info(STREAM_NAME);
    expect(config).toMatchObject({ retention: RetentionPolicy.Interest, discard: DiscardPolicy.New, max_age: 0 });
    expect(state.messages).toBe(2);

    const handled: string[] = [];
    const service = await startService(ordersService(handled));
    try {
      await eventually(() => before.every((id) => handled.includes(id)), 'the events from before handled');
      await settled(bus, durableName('orders', TicketCreated.subject));
      // queue reads ticket.created too (its rooms' sell-out): interest retention keeps both until queue's durable,
      // made by the CLI with the others, has acknowledged them; then none is left.
      expect((await bus.jsm.streams.info(STREAM_NAME)).state.messages).toBe(2);
      const queueDurable = await bus.js.consumers.get(STREAM_NAME, durableName('queue', TicketCreated.subject));
      const messages = await queueDurable.fetch({ max_messages: 2, expires: 5_000 });
      let acked = 0;
      for await (const message of messages) {
        message.ack();
        if (++acked === 2) break;
      }
      await settled(bus, durableName('queue', TicketCreated.subject));
      await eventually(
        async () => (await bus.jsm.streams.info(STREAM_NAME)).state.messages === 0,
        'the stream emptied once every durable acknowledged',
      );
      expect((await bus.jsm.streams.info(ARCHIVE_STREAM_NAME)).state.messages).toBe(2);
    } finally {
      await service.stop();
    }
  }, 60_000);
});
