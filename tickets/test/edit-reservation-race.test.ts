import { OrderCreated, ReservationRefused, TicketUpdated } from '@ticketing/common';
import { eventsInStream, eventually, publishEvent, settled } from '@ticketing/testing';
import request from 'supertest';
import {
  byVersion,
  createTicket,
  getTicket,
  orderCreatedData,
  outboxFlushed,
  signIn,
  startTickets,
  type TicketsUnderTest,
} from './support';

// DESIGN §6: "a seller's edit and an incoming order event on the same ticket can never undo each other". Both are one
// conditional update on the ticket's version (models/update-ticket.ts, models/order-effects.ts).

let t: TicketsUnderTest;
beforeAll(async () => {
  t = await startTickets();
});
afterAll(() => t.stop());

const TICKETS = 10;
const EDITS = 10;

describe('edit vs reservation race', () => {
  test(`When ${EDITS} edits race an OrderCreated on each of ${TICKETS} tickets, then no edit lands after the reservation and no version is lost`, async () => {
    const outcomes: Array<{ ok: number; conflicts: number; reservedAt: number }> = [];

    for (let n = 0; n < TICKETS; n++) {
      const { cookie } = signIn();
      const ticket = await createTicket(t.url, cookie, { price: 10 });
      // Edits change the title only: an edit of the price before the reservation refuses it (the next test).
      const order = orderCreatedData(ticket.id, 10);

      const [, ...edits] = await Promise.all([
        publishEvent(t.bus, OrderCreated, order),
        ...Array.from({ length: EDITS }, (_, i) =>
          request(t.url)
            .put(`/api/tickets/${ticket.id}`)
            .set('Cookie', cookie)
            .send({ title: `Edit ${i}`, price: 10 }),
        ),
      ]);
      const final = await eventually(async () => {
        const now = await getTicket(t.url, ticket.id);
        return now.orderId === order.id ? now : undefined;
      }, `ticket ${n} reserved`);
      await settled(t.bus, 'tickets-order-created');

      // The ticket is reserved by the order, and the reservation is its newest version: nothing was stored after it.
      expect(final.status).toBe('reserved');
      const versions = Array.from({ length: final.version + 1 }, (_, v) => v);

      // Every edit either landed before the reservation (200, a lower version) or was refused (409).
      const ok = edits.filter((e) => e.status === 200);
      expect(edits.every((e) => e.status === 200 || e.status === 409)).toBe(true);
      for (const edit of ok) expect(edit.body.version).toBeLessThan(final.version);
      expect(ok.map((e) => e.body.version).sort((a, b) => a - b)).toEqual(
        Array.from({ length: ok.length }, (_, v) => v + 1),
      );
      expect(final.version).toBe(ok.length + 1);

      // The reservation kept the last edit's title and price: it did not undo it.
      const lastEdit = ok.find((e) => e.body.version === final.version - 1);
      expect({ title: final.title, price: final.price }).toEqual(
        lastEdit
          ? { title: lastEdit.body.title, price: lastEdit.body.price }
          : { title: ticket.title, price: ticket.price },
      );

      // One TicketUpdated per stored version, in order, none twice.
      await outboxFlushed(ticket.id);
      const events = await eventsInStream(t.bus, TicketUpdated, (d) => d.id === ticket.id);
      expect(byVersion(events).map((e) => e.data.version)).toEqual(versions.slice(1));
      const reservedIn = byVersion(events).filter((e) => e.data.orderId === order.id);
      expect(reservedIn.map((e) => e.data.version)).toEqual([final.version]);
      outcomes.push({ ok: ok.length, conflicts: EDITS - ok.length, reservedAt: final.version });
    }

    if (process.env.RACE_REPORT) process.stderr.write(`${JSON.stringify(outcomes)}\n`);
  });

  test('When the seller edits the price before an OrderCreated priced at the old price arrives, then the reservation is refused and the ticket keeps the new price', async () => {
    const { cookie } = signIn();
    const ticket = await createTicket(t.url, cookie, { price: 10 });
    const order = orderCreatedData(ticket.id, 10);
    const edit = await request(t.url)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', cookie)
      .send({ title: 'New', price: 15 });
    expect(edit.status).toBe(200);

    await publishEvent(t.bus, OrderCreated, order);
    await settled(t.bus, 'tickets-order-created');

    // The buyer would have been charged 10 for a ticket now at 15: tickets refuses and tells orders, which cancels
    // the order (orders' own test).
    expect(await getTicket(t.url, ticket.id)).toMatchObject({ version: 1, price: 15, status: 'available' });
    expect(await eventsInStream(t.bus, TicketUpdated, (d) => d.id === ticket.id)).toHaveLength(1);
    const refused = await eventually(async () => {
      const found = await eventsInStream(t.bus, ReservationRefused, (d) => d.orderId === order.id);
      return found.length > 0 ? found : undefined;
    }, 'ReservationRefused published');
    expect(refused.map((e) => e.data)).toEqual([
      { orderId: order.id, ticket: { id: ticket.id, version: 1 }, reason: 'ticket-changed' },
    ]);
  });

  test('When a refused OrderCreated is delivered again, then ReservationRefused is stored and published once', async () => {
    const { cookie } = signIn();
    const ticket = await createTicket(t.url, cookie, { price: 10 });
    const order = orderCreatedData(ticket.id, 10);
    await request(t.url).put(`/api/tickets/${ticket.id}`).set('Cookie', cookie).send({ title: 'New', price: 15 });

    // Two deliveries of one order's version 0 (a redelivery after a lost ack: a new event id, the same order).
    await publishEvent(t.bus, OrderCreated, order);
    await publishEvent(t.bus, OrderCreated, order);
    await settled(t.bus, 'tickets-order-created');

    await eventually(
      async () => (await eventsInStream(t.bus, ReservationRefused, (d) => d.orderId === order.id)).length > 0,
      'ReservationRefused published',
    );
    await settled(t.bus, 'tickets-order-created');
    const published = await eventsInStream(t.bus, ReservationRefused, (d) => d.orderId === order.id);
    expect(published).toHaveLength(1);
    expect(await getTicket(t.url, ticket.id)).toMatchObject({ version: 1, status: 'available' });
  });
});
