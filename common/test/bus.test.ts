import {
  NeverApplicableError,
  connectBus,
  readDeadLetters,
  defineListener,
  drainBus,
  durableName,
  listen,
  publishEnvelope,
  retryLater,
  type Bus,
  type StoredDeadLetter,
} from '../src/bus';
import { InvalidEventError, TicketCreated, TicketUpdated } from '../src/events';
import { newObjectId } from '../src/http/ids';
import {
  connectTestBus,
  eventsInStream,
  eventually,
  publishEvent,
  settled,
  startTestNats,
  testBusLogin,
  type TestEngine,
} from '@ticketing/testing';
import { capturingLogger } from './support';

let nats: TestEngine;
let testBus: Bus;
const open: Array<{ stop(): Promise<void> }> = [];
const buses: Bus[] = [];

beforeAll(async () => {
  nats = await startTestNats();
  testBus = await connectTestBus(nats.url);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.stop()));
  await Promise.all(buses.splice(0).map((b) => drainBus(b)));
});

afterAll(async () => {
  await drainBus(testBus);
  await nats.stop();
});

/**
 * A service's bus connection; each test uses its own service name, so durables never meet across tests. A new
 * durable reads the stream from its start (as a service deployed late must), so handlers here filter by the ids
 * their own test published.
 */
async function serviceBus(service: string) {
  const captured = capturingLogger();
  const bus = await connectBus({ url: nats.url, credentials: testBusLogin('testkit'), service, log: captured.log });
  buses.push(bus);
  return { bus, lines: captured.lines };
}

/**
 * The dead letters of one durable. A new durable reads the stream from its start, so it also meets (and buries) the
 * invalid messages earlier tests published: tests that look for their own event filter with {@link carries}.
 */
async function deadLettersOf(durable: string): Promise<StoredDeadLetter[]> {
  return (await readDeadLetters(testBus.jsm)).filter((letter) => letter.durable === durable);
}

function carries(letter: StoredDeadLetter, ticketId: string): boolean {
  return (letter.payload as { data?: { id?: unknown } } | null)?.data?.id === ticketId;
}

function ticket(overrides: Partial<{ id: string; version: number; title: string; price: number }> = {}) {
  return { id: newObjectId(), version: 0, title: 'Rock Concert', price: 100, userId: newObjectId(), ...overrides };
}

describe('bus', () => {
  test('When an event is published, then a listener receives its data and envelope', async () => {
    const { bus } = await serviceBus('roundtrip');
    const received: unknown[] = [];
    open.push(
      await listen(bus, defineListener({ event: TicketCreated, handle: async (data) => void received.push(data) })),
    );
    const data = ticket();

    const { envelope } = await publishEvent(testBus, TicketCreated, data);

    await eventually(() => received.length === 1, 'event handled');
    expect(received[0]).toEqual(data);
    expect(envelope.subject).toBe('ticket.created');
  });

  test('When a payload is invalid at publish, then it is refused naming the field and nothing is stored', async () => {
    const before = (await eventsInStream(testBus, TicketCreated)).length;
    const envelope = { ...TicketCreated.create(ticket()), data: { ...ticket(), price: 'abc' } };

    await expect(publishEnvelope(testBus, envelope)).rejects.toThrow(InvalidEventError);
    await expect(publishEnvelope(testBus, envelope)).rejects.toThrow(/TicketCreated\.price/);
    expect((await eventsInStream(testBus, TicketCreated)).length).toBe(before);
  });

  test('When an invalid payload reaches a consumer, then it is dead-lettered with the field, and the handler never runs', async () => {
    const { bus, lines } = await serviceBus('invalid');
    const handled: string[] = [];
    open.push(
      await listen(bus, defineListener({ event: TicketCreated, handle: async (d) => void handled.push(d.id) })),
    );
    const bad = { ...TicketCreated.create(ticket()), data: { ...ticket(), title: '' } };

    await testBus.js.publish('ticket.created', JSON.stringify(bad), { msgID: bad.id });
    await testBus.js.publish('ticket.created', 'not json at all');

    await settled(testBus, durableName('invalid', 'ticket.created'));
    expect(handled).not.toContain(bad.data.id);
    // A listener handles several messages at once (concurrency 8), so the two may be dead-lettered in either order.
    const terminated = lines()
      .filter((l) => String(l.msg).includes('terminated'))
      .map((l) => JSON.stringify(l));
    expect(terminated).toHaveLength(2);
    expect(terminated).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/TicketCreated\.title/),
        expect.stringMatching(/event is not JSON/),
      ]),
    );
    const letters = await deadLettersOf('invalid-ticket-created');
    expect(letters.map((l) => l.subject)).toEqual(['ticket.created', 'ticket.created']);
    const unreadable = letters.find((l) => l.payload === 'not json at all');
    expect(unreadable).toMatchObject({ error: 'event is not JSON' });
    const invalid = letters.find((l) => l !== unreadable);
    expect(invalid?.error).toMatch(/TicketCreated\.title/);
    expect(invalid?.payload).toEqual(bad);
  });

  test('When a handler fails once, then the event is redelivered and handled', async () => {
    const { bus } = await serviceBus('redeliver');
    const deliveries: number[] = [];
    const data = ticket();
    open.push(
      await listen(
        bus,
        defineListener({
          event: TicketCreated,
          handle: async (d, ctx) => {
            if (d.id !== data.id) return;
            deliveries.push(ctx.deliveryCount);
            if (ctx.deliveryCount === 1) throw new Error('database hiccup');
          },
        }),
      ),
    );

    await publishEvent(testBus, TicketCreated, data);

    await eventually(() => deliveries.length === 2, 'second delivery');
    await settled(testBus, durableName('redeliver', 'ticket.created'));
    expect(deliveries).toEqual([1, 2]);
  });

  test('When a handler keeps throwing a programming error, then after maxFailures deliveries it is dead-lettered with its payload and error', async () => {
    const { bus, lines } = await serviceBus('poison');
    let calls = 0;
    const data = ticket();
    open.push(
      await listen(
        bus,
        defineListener({
          event: TicketCreated,
          maxFailures: 3,
          handle: async (d) => {
            if (d.id !== data.id) return;
            calls++;
            throw new TypeError('always fails');
          },
        }),
      ),
    );

    const { envelope } = await publishEvent(testBus, TicketCreated, data);

    await eventually(() => lines().some((l) => String(l.msg).includes('dead letters')), 'dead-letter log');
    await settled(testBus, durableName('poison', 'ticket.created'));
    expect(calls).toBe(3);
    const letters = (await deadLettersOf('poison-ticket-created')).filter((l) => carries(l, data.id));
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ subject: 'ticket.created', error: 'TypeError: always fails', deliveryCount: 3 });
    expect(letters[0]?.payload).toEqual(envelope);
  });

  test('When a handler fails with a transient error (the database unreachable), then it is redelivered past maxFailures until it succeeds', async () => {
    const { bus } = await serviceBus('outage');
    const data = ticket();
    let calls = 0;
    open.push(
      await listen(
        bus,
        defineListener({
          event: TicketCreated,
          maxFailures: 2,
          handle: async (d) => {
            if (d.id !== data.id) return;
            calls++;
            if (calls <= 5) throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'MongoNetworkError' });
          },
        }),
      ),
    );

    await publishEvent(testBus, TicketCreated, data);

    await eventually(() => calls === 6, 'handled at the sixth delivery', { timeoutMs: 20_000 });
    await settled(testBus, durableName('outage', 'ticket.created'));
    expect((await deadLettersOf('outage-ticket-created')).filter((l) => carries(l, data.id))).toEqual([]);
  });

  test('When an event waited and failed transiently many times (a long outage), then one programming error does not bury it: only such errors count towards maxFailures', async () => {
    const { bus } = await serviceBus('budget');
    const data = ticket();
    const outcomes: string[] = [];
    // Delivery 1: the database is down; 2: waits for a predecessor; 3: a programming error; 4: succeeds. Before the
    // fix, delivery 3 (3 >= maxFailures 2) buried it; now it is the first failure that counts.
    const script = ['transient', 'wait', 'error', 'ok'];
    open.push(
      await listen(
        bus,
        defineListener({
          event: TicketCreated,
          maxFailures: 2,
          handle: async (d) => {
            if (d.id !== data.id) return;
            const step = script[outcomes.length] ?? 'ok';
            outcomes.push(step);
            if (step === 'transient')
              throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'MongoNetworkError' });
            if (step === 'wait') return retryLater(10);
            if (step === 'error') throw new TypeError('fails once');
          },
        }),
      ),
    );

    await publishEvent(testBus, TicketCreated, data);

    await eventually(() => outcomes.length === script.length, 'handled at the fourth delivery', { timeoutMs: 20_000 });
    await settled(testBus, durableName('budget', 'ticket.created'));
    expect(outcomes).toEqual(script);
    expect((await deadLettersOf('budget-ticket-created')).filter((l) => carries(l, data.id))).toEqual([]);
  });

  test('When a handler says an event can never succeed, then it is dead-lettered at once', async () => {
    const { bus } = await serviceBus('never');
    const data = ticket();
    let calls = 0;
    open.push(
      await listen(
        bus,
        defineListener({
          event: TicketCreated,
          handle: async (d) => {
            if (d.id !== data.id) return;
            calls++;
            throw new NeverApplicableError('names a ticket that will never exist');
          },
        }),
      ),
    );

    await publishEvent(testBus, TicketCreated, data);

    await eventually(
      async () => (await deadLettersOf('never-ticket-created')).some((l) => carries(l, data.id)),
      'dead letter stored',
    );
    await settled(testBus, durableName('never', 'ticket.created'));
    expect(calls).toBe(1);
  });

  test('When the same event id is published twice, then the stream stores it once', async () => {
    const envelope = TicketCreated.create(ticket());

    const first = await publishEnvelope(testBus, envelope);
    const second = await publishEnvelope(testBus, envelope);

    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(await eventsInStream(testBus, TicketCreated, (_d, e) => e.id === envelope.id)).toHaveLength(1);
  });

  test('When two instances of one service listen, then they share the work and each event is handled once', async () => {
    const a = await serviceBus('shared');
    const b = await serviceBus('shared');
    const byA: string[] = [];
    const byB: string[] = [];
    const ids = Array.from({ length: 60 }, () => newObjectId());
    const slow = (into: string[]) => async (d: { id: string }) => {
      if (!ids.includes(d.id)) return;
      await new Promise((r) => setTimeout(r, 5));
      into.push(d.id);
    };
    open.push(await listen(a.bus, defineListener({ event: TicketCreated, concurrency: 2, handle: slow(byA) })));
    open.push(await listen(b.bus, defineListener({ event: TicketCreated, concurrency: 2, handle: slow(byB) })));

    for (const id of ids) await publishEvent(testBus, TicketCreated, ticket({ id }));

    await eventually(() => byA.length + byB.length >= ids.length, 'all handled');
    await settled(testBus, durableName('shared', 'ticket.created'));
    expect([...byA, ...byB].sort()).toEqual([...ids].sort());
    expect(byA.length).toBeGreaterThan(0);
    expect(byB.length).toBeGreaterThan(0);
  });

  test('When a handler asks to retry later, then the event comes back without being logged as a failure', async () => {
    const { bus, lines } = await serviceBus('later');
    const seen: number[] = [];
    const data = ticket({ version: 1 });
    open.push(
      await listen(
        bus,
        defineListener({
          event: TicketUpdated,
          // Waiting for a predecessor never counts as failing: more retries than maxFailures still end handled.
          maxFailures: 2,
          handle: async (d, ctx) => {
            if (d.id !== data.id) return;
            seen.push(ctx.deliveryCount);
            if (ctx.deliveryCount < 5) return retryLater(20);
          },
        }),
      ),
    );

    await publishEvent(testBus, TicketUpdated, data);

    await eventually(() => seen.length === 5, 'fifth delivery');
    await settled(testBus, durableName('later', 'ticket.updated'));
    expect(lines().filter((l) => l.level === 40 || l.level === 50)).toEqual([]);
  });
});
