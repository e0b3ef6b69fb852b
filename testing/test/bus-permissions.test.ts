// DESIGN §10: the bus is not open. Against a real nats-server started with the launcher's config: anonymous and
// wrong-password connections are refused; each service, logged in as itself, can do all it does in production
// (check the streams, publish its own events, consume through its durables, dead-letter what it consumes) and
// nothing else: a forged `charge.created` or `ticket.updated` is refused by the server, as is reading another
// service's durable or creating, updating or deleting a stream (DESIGN §16: the streams are deployment's).
import {
  ARCHIVE_STREAM,
  BUS_SERVICES,
  DEAD_LETTER_STREAM as LOCAL_DEAD_LETTER_STREAM,
  EVENT_ROUTES,
  EVENT_STREAM,
  durableOf,
  inboxPrefixOf,
  type BusService,
} from '@ticketing/local';
import {
  allEvents,
  ARCHIVE_STREAM_NAME,
  ChargeCreated,
  connectBus,
  createLogger,
  DEAD_LETTER_STREAM,
  defineListener,
  drainBus,
  durableName,
  eventForSubject,
  inboxPrefixFor,
  listen,
  publishEnvelope,
  STREAM_NAME,
  type Bus,
  type EventContract,
} from '@ticketing/common';
import { connectTestBus, eventually, publishEvent, startTestNats, testBusLogin, type TestEngine } from '../src';

let nats: TestEngine;
let testBus: Bus;
const buses = new Map<BusService, Bus>();

const log = createLogger('permissions', 'silent');
const PERMISSION_DENIED = /permissions violation/i;

function connectAs(service: BusService): Promise<Bus> {
  return connectBus({ url: nats.url, credentials: testBusLogin(service), service, log });
}

function contractOf(subject: string): EventContract {
  const contract = eventForSubject(subject);
  if (!contract) throw new Error(`no contract for ${subject}`);
  return contract;
}

/** A valid envelope of `subject` (its catalogue example), so that only the server's permissions can refuse it. */
function exampleOf(subject: string) {
  const contract = contractOf(subject);
  return contract.create(contract.example);
}

beforeAll(async () => {
  nats = await startTestNats();
  testBus = await connectTestBus(nats.url);
  for (const service of BUS_SERVICES) buses.set(service, await connectAs(service));
});

afterAll(async () => {
  await Promise.all([...buses.values()].map((bus) => drainBus(bus)));
  await drainBus(testBus);
  await nats.stop();
});

const busOf = (service: BusService): Bus => {
  const bus = buses.get(service);
  if (!bus) throw new Error(`${service} is not connected`);
  return bus;
};

describe('the permission table', () => {
  test("When the catalogue and the bus's table are compared, then they list the same subjects, streams, durables and inboxes", () => {
    expect(Object.keys(EVENT_ROUTES)).toEqual(allEvents.map((e) => e.subject));
    expect([EVENT_STREAM, LOCAL_DEAD_LETTER_STREAM, ARCHIVE_STREAM]).toEqual([
      STREAM_NAME,
      DEAD_LETTER_STREAM,
      ARCHIVE_STREAM_NAME,
    ]);
    expect(durableOf('orders', 'ticket.updated')).toBe(durableName('orders', 'ticket.updated'));
    expect(inboxPrefixOf('orders')).toBe(inboxPrefixFor('orders'));
  });
});

describe('who may connect', () => {
  test('When a client connects without a user, then the server refuses it', async () => {
    const attempt = connectBus({ url: nats.url, service: 'anonymous', log });

    await expect(attempt).rejects.toThrow(/authorization violation/i);
  });

  test("When a client connects as auth with another user's password, then the server refuses it", async () => {
    const attempt = connectBus({
      url: nats.url,
      credentials: { user: 'auth', password: testBusLogin('payments').password },
      service: 'auth',
      log,
    });

    await expect(attempt).rejects.toThrow(/authorization violation/i);
  });
});

describe('what each service may publish', () => {
  test("When auth's credentials publish charge.created (status completed), then the server refuses it", async () => {
    const forged = ChargeCreated.create({ ...ChargeCreated.example, status: 'completed' });

    await expect(publishEnvelope(busOf('auth'), forged)).rejects.toThrow(PERMISSION_DENIED);
  });

  test("When tickets' credentials publish order.created, then the server refuses it", async () => {
    await expect(publishEnvelope(busOf('tickets'), exampleOf('order.created'))).rejects.toThrow(PERMISSION_DENIED);
  });

  test('When any service but tickets publishes ticket.updated, then the server refuses it', async () => {
    const others = BUS_SERVICES.filter((service) => service !== 'tickets');

    const outcomes = await Promise.allSettled(
      others.map((service) => publishEnvelope(busOf(service), exampleOf('ticket.updated'))),
    );

    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'published'))).toEqual(
      others.map(() => expect.stringMatching(PERMISSION_DENIED)),
    );
  });

  test('When each service publishes every subject, then exactly its own (DESIGN §5 "published by") are stored', async () => {
    const published: Record<string, BusService[]> = {};

    for (const service of BUS_SERVICES) {
      for (const subject of Object.keys(EVENT_ROUTES)) {
        const outcome = await publishEnvelope(busOf(service), exampleOf(subject)).then(
          (ack) => ack.seq > 0,
          (error: unknown) => {
            if (!PERMISSION_DENIED.test(String(error))) throw error;
            return false;
          },
        );
        if (outcome) (published[subject] ??= []).push(service);
      }
    }

    expect(published).toEqual(
      Object.fromEntries(Object.entries(EVENT_ROUTES).map(([subject, route]) => [subject, [route.publishedBy]])),
    );
  });

  test("When each service's credentials update, recreate or add a stream, then the server refuses every attempt and TICKETING is unchanged", async () => {
    const before = (await testBus.jsm.streams.info(STREAM_NAME)).config;
    // What a rogue or buggy service would want: shorter retention, a subject dropped, the dead letters and history
    // redefined, or a stream of its own catching subjects.
    const attempts = BUS_SERVICES.flatMap((service) => {
      const { jsm } = busOf(service);
      return [
        jsm.streams.update(STREAM_NAME, { ...before, max_bytes: 1_024, subjects: before.subjects.slice(1) }),
        jsm.streams.add({ ...before }),
        jsm.streams.update(DEAD_LETTER_STREAM, { subjects: ['dead.>'], max_age: 1_000_000_000 }),
        jsm.streams.add({ name: `${service.toUpperCase()}_OWN`, subjects: ['own.>'] }),
        jsm.streams.delete(ARCHIVE_STREAM_NAME),
      ];
    });

    const outcomes = await Promise.allSettled(attempts);

    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'done'))).toEqual(
      attempts.map(() => expect.stringMatching(PERMISSION_DENIED)),
    );
    expect((await testBus.jsm.streams.info(STREAM_NAME)).config).toEqual(before);
  });

  test('When a service deletes the stream, then the server refuses it and the stream is still there', async () => {
    const attempt = busOf('orders').jsm.streams.delete(STREAM_NAME);

    await expect(attempt).rejects.toThrow(PERMISSION_DENIED);
    expect((await testBus.jsm.streams.info(STREAM_NAME)).config.name).toBe(STREAM_NAME);
  });
});

describe('what each service may consume', () => {
  test('When each service listens to what it consumes, then every durable is created and receives its event', async () => {
    const received: string[] = [];
    const running = [];
    for (const service of BUS_SERVICES) {
      for (const [subject, route] of Object.entries(EVENT_ROUTES)) {
        if (!route.consumedBy.includes(service)) continue;
        running.push(
          await listen(
            busOf(service),
            defineListener({
              event: contractOf(subject),
              handle: async () => {
                received.push(`${service}:${subject}`);
              },
            }),
          ),
        );
      }
    }
    const expected = BUS_SERVICES.flatMap((service) =>
      Object.entries(EVENT_ROUTES).flatMap(([subject, route]) =>
        route.consumedBy.includes(service) ? [`${service}:${subject}`] : [],
      ),
    );

    for (const subject of Object.keys(EVENT_ROUTES)) {
      const contract = contractOf(subject);
      await publishEvent(testBus, contract, contract.example);
    }

    await eventually(() => expected.every((pair) => received.includes(pair)), 'every durable got its event', {
      timeoutMs: 15_000,
    });
    await Promise.all(running.map((listener) => listener.stop()));
  });

  test("When orders creates a consumer under tickets' durable name, then the server refuses it", async () => {
    const attempt = busOf('orders').jsm.consumers.add(STREAM_NAME, {
      durable_name: durableOf('tickets', 'order.created'),
      filter_subject: 'order.created',
    });

    await expect(attempt).rejects.toThrow(PERMISSION_DENIED);
  });

  test('When payments dead-letters a subject it does not consume, then the server refuses it', async () => {
    const attempt = busOf('payments').js.publish('dead.ticket.updated', '{}', { timeout: 2_000 });

    await expect(attempt).rejects.toThrow(PERMISSION_DENIED);
  });
});
