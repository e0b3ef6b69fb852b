import { DiscardPolicy } from '@nats-io/jetstream';
import { z } from 'zod';
import { connectBus, drainBus, publishEnvelope, STREAM_NAME, type Bus, type StreamLimits } from '../src/bus';
import { TicketCreated } from '../src/events';
import { createServiceApp } from '../src/http';
import { newObjectId } from '../src/http/ids';
import { configFields, createLogger, loadConfig, startService } from '../src/service';
import { startTestNats, testBusLogin, type TestEngine } from '@ticketing/testing';

// Issue 14, item 5: the TICKETING stream has limits (max_age, max_bytes, discard Old), so a stream that reaches them
// drops its oldest events instead of refusing new ones: publishing never stops because the stream is full.

let nats: TestEngine;
const buses: Bus[] = [];

beforeAll(async () => {
  nats = await startTestNats();
});

afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => drainBus(b)));
});

afterAll(async () => {
  await nats?.stop();
});

async function busWith(limits?: Partial<StreamLimits>): Promise<Bus> {
  const bus = await connectBus({
    url: nats.url,
    credentials: testBusLogin('testkit'),
    service: 'limits',
    log: createLogger('limits', 'silent'),
    limits,
  });
  buses.push(bus);
  return bus;
}

const NANOS_PER_SECOND = 1_000_000_000;

describe('stream limits', () => {
  test('When a service connects with no limits named, then the stream keeps 7 days and 1 GiB, discarding the oldest past either', async () => {
    const bus = await busWith();

    const { config } = await bus.jsm.streams.info(STREAM_NAME);
    expect(config).toMatchObject({
      max_age: 7 * 24 * 3600 * NANOS_PER_SECOND,
      max_bytes: 1024 ** 3,
      discard: DiscardPolicy.Old,
    });
  });

  test('When the stream exists with other limits, then connecting updates them and keeps its events', async () => {
    const before = await busWith();
    await publishEnvelope(before, TicketCreated.create(ticket(0)));
    const { state: stateBefore } = await before.jsm.streams.info(STREAM_NAME);

    const after = await busWith({ maxAgeSeconds: 3_600, maxBytes: 8 * 1024 ** 2 });

    const { config, state } = await after.jsm.streams.info(STREAM_NAME);
    expect(config).toMatchObject({ max_age: 3_600 * NANOS_PER_SECOND, max_bytes: 8 * 1024 ** 2 });
    expect(state.messages).toBe(stateBefore.messages);
  });

  test('When a service starts with NATS_STREAM_MAX_AGE_SECONDS and NATS_STREAM_MAX_BYTES, then the stream gets them', async () => {
    // The shape every service's config has: the shared fields, read from the environment.
    const Schema = z.object({
      PORT: configFields.PORT,
      HOST: configFields.HOST,
      NATS_URL: configFields.NATS_URL,
      NATS_USER: configFields.NATS_USER,
      NATS_PASSWORD: configFields.NATS_PASSWORD,
      NATS_STREAM_MAX_AGE_SECONDS: configFields.NATS_STREAM_MAX_AGE_SECONDS,
      NATS_STREAM_MAX_BYTES: configFields.NATS_STREAM_MAX_BYTES,
      LOG_LEVEL: configFields.LOG_LEVEL,
    });
    const config = loadConfig(Schema, {
      PORT: '0',
      NATS_URL: nats.url,
      NATS_USER: 'testkit',
      NATS_PASSWORD: testBusLogin('testkit').password,
      NATS_STREAM_MAX_AGE_SECONDS: '86400',
      NATS_STREAM_MAX_BYTES: '16777216',
      LOG_LEVEL: 'silent',
    });
    const service = await startService({
      name: 'limits',
      config,
      publishes: [],
      listeners: [],
      buildApp: ({ log, isReady }) => createServiceApp({ log, isReady, trustedProxyHops: 1, routers: [] }),
    });
    try {
      const { config: stream } = await service.bus.jsm.streams.info(STREAM_NAME);
      expect(stream).toMatchObject({ max_age: 86_400 * NANOS_PER_SECOND, max_bytes: 16 * 1024 ** 2 });
    } finally {
      await service.stop();
    }
  });

  test('When ten times max_bytes of events are published, then every publish is acknowledged and the stream stays within the limit', async () => {
    const maxBytes = 32 * 1024;
    const bus = await busWith({ maxBytes });
    const events = Array.from({ length: 3_000 }, (_, n) => TicketCreated.create(ticket(n)));
    const published = events.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e)), 0);
    expect(published).toBeGreaterThan(10 * maxBytes);

    const acks = [];
    // In batches, as several services publish at once; each publish waits for its PubAck (or throws).
    for (let i = 0; i < events.length; i += 50) {
      acks.push(...(await Promise.all(events.slice(i, i + 50).map((e) => publishEnvelope(bus, e)))));
    }

    expect(acks).toHaveLength(events.length);
    expect(acks.every((ack) => !ack.duplicate)).toBe(true);
    const { state } = await bus.jsm.streams.info(STREAM_NAME);
    expect(state.bytes).toBeLessThanOrEqual(maxBytes);
    // The oldest were dropped to make room, and the newest is kept.
    expect(state.first_seq).toBeGreaterThan(1);
    const newest = acks.reduce((a, b) => (b.seq > a.seq ? b : a));
    expect(state.last_seq).toBe(newest.seq);
    const last = await bus.jsm.streams.getMessage(STREAM_NAME, { seq: state.last_seq });
    expect(last?.json<{ id: string }>().id).toBe(events[acks.indexOf(newest)]?.id);
  }, 60_000);
});

function ticket(n: number) {
  return { id: newObjectId(), version: 0, title: `Limit ${n}`, price: 20, userId: newObjectId() };
}
