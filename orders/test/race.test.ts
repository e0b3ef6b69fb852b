import { newObjectId, OrderCreated, TicketCreated, type Bus } from '@ticketing/common';
import {
  eventsInStream,
  eventually,
  publishEvent,
  sessionCookie,
  settled,
  TEST_JWT_KEY,
  type ServiceProcess,
} from '@ticketing/testing';
import { api } from './support/harness';
import { startTwoOrdersReplicas, type TwoOrdersReplicas } from './support/processes';

const TICKETS = 20;
const BUYERS_PER_TICKET = 25;

let two: TwoOrdersReplicas;
let bus: Bus;
let replicas: ServiceProcess[] = [];

beforeAll(async () => {
  two = await startTwoOrdersReplicas('orders_race');
  ({ bus, replicas } = two);
}, 120_000);

afterAll(async () => {
  await two?.stop();
});

describe('race: many buyers, two replicas, one database', () => {
  test(`When ${BUYERS_PER_TICKET} buyers order each of ${TICKETS} tickets at once through two replicas, then exactly one order per ticket wins`, async () => {
    const tickets = Array.from({ length: TICKETS }, () => newObjectId());
    for (const id of tickets) {
      await publishEvent(bus, TicketCreated, { id, version: 0, title: `Race ${id}`, price: 25, userId: newObjectId() });
    }
    await settled(bus, 'orders-ticket-created', 30_000);

    const attempts = tickets.flatMap((ticketId) =>
      Array.from({ length: BUYERS_PER_TICKET }, () => ({ ticketId, cookie: sessionCookie(TEST_JWT_KEY).cookie })),
    );
    const results = await Promise.all(
      attempts.map(async ({ ticketId, cookie }, i) => {
        const replica = replicas[i % replicas.length]!;
        const res = await api(replica.url, 'POST', '/api/orders', { cookie, json: { ticketId } });
        return { ticketId, replica: replica.name, ...res };
      }),
    );

    const serverErrors = results
      .filter((r) => r.status >= 500)
      .map((r) => `${r.replica}: ${r.status} ${JSON.stringify(r.body)}`);
    expect(serverErrors).toEqual([]);
    const winners = results.filter((r) => r.status === 201);
    expect(winners).toHaveLength(TICKETS);
    expect(new Set(winners.map((w) => w.ticketId)).size).toBe(TICKETS);
    expect(results.filter((r) => r.status === 409)).toHaveLength(TICKETS * BUYERS_PER_TICKET - TICKETS);
    expect(new Set(results.map((r) => r.replica)).size).toBe(2);
    // Either replica shows an order stored by the other: one database, one truth.
    for (const w of winners) {
      const other = replicas.find((r) => r.name !== w.replica)!;
      const shown = await api(other.url, 'GET', `/api/orders/${w.body.id}`, {
        cookie: attempts[results.indexOf(w)]!.cookie,
      });
      expect(shown.body).toEqual(w.body);
    }

    const created = await eventually(
      async () => {
        const events = await eventsInStream(bus, OrderCreated);
        return events.length >= TICKETS ? events : null;
      },
      `${TICKETS} OrderCreated in the stream`,
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(created).toHaveLength(TICKETS);
    expect(created.map((e) => e.data.id).sort()).toEqual(winners.map((w) => w.body.id).sort());
    expect(created.every((e) => e.data.version === 0)).toBe(true);
  }, 180_000);
});
