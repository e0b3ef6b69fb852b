import {
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  TicketCreated,
  TicketUpdated,
  type EventEnvelope,
  type TicketJson,
} from '@ticketing/common';
import { eventsInStream, eventually, publishEvent, settled } from '@ticketing/testing';
import request from 'supertest';
import { Event } from '../../src/models/event';
import { applyListingChange } from '../../src/models/listing-summary';
import { createEvent, getEvent, listForEvent } from '../event-support';
import { getTicket, orderCreatedData, signIn, startTickets, type TicketsUnderTest } from '../support';

let t: TicketsUnderTest;
beforeAll(async () => {
  t = await startTickets();
});
afterAll(() => t.stop());

/** What the summary must say: counted from the tickets themselves. */
async function truth(eventId: string): Promise<{ ticketsAvailable: number; lowestPrice: number | null }> {
  const res = await request(t.url).get(`/api/events/${eventId}/tickets`).query({ limit: '100' });
  const prices = (res.body.tickets as TicketJson[]).map((x) => x.price);
  return { ticketsAvailable: prices.length, lowestPrice: prices.length ? Math.min(...prices) : null };
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe('the listing summary of an event', () => {
  test('When listings, edits, reservations, releases and sales of one event run at once, and every change is then applied again by two replicas in random order, then the summary equals the tickets', async () => {
    const event = await createEvent(t.url, signIn().cookie);
    const seller = signIn();
    // Listed at once, through the same event: their summary updates race on its counter.
    const listed = await Promise.all(
      Array.from({ length: 24 }, (_, i) => listForEvent(t.url, seller.cookie, event.id, { price: 30 + i })),
    );
    const [toReserve, toRelease, toSell, toEdit] = [
      listed.slice(0, 6),
      listed.slice(6, 10),
      listed.slice(10, 14),
      listed.slice(14, 20),
    ];

    const orders = new Map(listed.map((x) => [x.id, orderCreatedData(x.id, x.price)]));
    await Promise.all([
      ...[...toReserve, ...toRelease, ...toSell].map((x) => publishEvent(t.bus, OrderCreated, orders.get(x.id)!)),
      ...toEdit.map((x, i) =>
        request(t.url)
          .put(`/api/tickets/${x.id}`)
          .set('Cookie', seller.cookie)
          .send({ title: x.title, price: 5 + i }),
      ),
    ]);
    await settled(t.bus, 'tickets-order-created', 30_000);
    await Promise.all([
      ...toRelease.map((x) =>
        publishEvent(t.bus, OrderCancelled, { id: orders.get(x.id)!.id, version: 1, ticket: { id: x.id } }),
      ),
      ...toSell.map((x) =>
        publishEvent(t.bus, OrderCompleted, { id: orders.get(x.id)!.id, version: 1, ticket: { id: x.id } }),
      ),
    ]);
    await settled(t.bus, 'tickets-order-cancelled', 30_000);
    await settled(t.bus, 'tickets-order-completed', 30_000);
    const expected = await truth(event.id);
    // 24 listed, 6 reserved, 4 sold; the 4 released are back; the cheapest is an edited one at $5.
    expect(expected).toEqual({ ticketsAvailable: 14, lowestPrice: 5 });
    await eventually(async () => {
      const shown = await getEvent(t.url, event.id);
      return shown.ticketsAvailable === expected.ticketsAvailable && shown.lowestPrice === expected.lowestPrice;
    }, 'summary caught up within the relay');

    // Redelivery: every change of these tickets applied again, by two appliers at once, each in its own random order
    // (older versions after newer ones included).
    const ids = new Set(listed.map((x) => x.id));
    const history: EventEnvelope[] = [
      ...(await eventsInStream(t.bus, TicketCreated, (d) => ids.has(d.id))),
      ...(await eventsInStream(t.bus, TicketUpdated, (d) => ids.has(d.id))),
    ];
    const before = await Event.findById(event.id, { summaryVersion: 1 }).lean();
    await Promise.all([
      (async () => {
        for (const e of shuffled(history)) await applyListingChange(e);
      })(),
      (async () => {
        for (const e of shuffled(history)) await applyListingChange(e);
      })(),
    ]);

    const after = await getEvent(t.url, event.id);
    expect({ ticketsAvailable: after.ticketsAvailable, lowestPrice: after.lowestPrice }).toEqual(expected);
    // Nothing applied twice: the summary's counter did not move.
    expect((await Event.findById(event.id, { summaryVersion: 1 }).lean())?.summaryVersion).toBe(before?.summaryVersion);
    expect((await getTicket(t.url, toSell[0]!.id)).status).toBe('sold');
  });

  test('When an older change of a ticket arrives after a newer one, then the newer one stands', async () => {
    const event = await createEvent(t.url, signIn().cookie);
    const seller = signIn();
    const ticket = await listForEvent(t.url, seller.cookie, event.id, { price: 40 });
    await request(t.url)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', seller.cookie)
      .send({ title: 'Seat', price: 35 });
    await eventually(async () => (await getEvent(t.url, event.id)).lowestPrice === 35, 'the edit applied');

    const [created] = await eventsInStream(t.bus, TicketCreated, (d) => d.id === ticket.id);
    await applyListingChange(created!);

    expect(await getEvent(t.url, event.id)).toMatchObject({ ticketsAvailable: 1, lowestPrice: 35 });
  });
});
