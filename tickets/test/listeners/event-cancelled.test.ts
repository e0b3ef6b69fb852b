import {
  EventCancelled,
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  TicketUpdated,
  type TicketJson,
} from '@ticketing/common';
import { eventsInStream, eventually, nextEvent, publishEvent, settled } from '@ticketing/testing';
import request from 'supertest';
import { Ticket } from '../../src/models/ticket';
import { withdrawEventListings } from '../../src/models/withdraw-listings';
import { createEvent, listForEvent, signInAdmin } from '../event-support';
import { getTicket, orderCreatedData, signIn, startTickets, type TicketsUnderTest } from '../support';

let t: TicketsUnderTest;
beforeAll(async () => {
  t = await startTickets();
});
afterAll(() => t.stop());

const DURABLE = 'tickets-event-cancelled';

describe('listener: event.cancelled', () => {
  test('When an event with 60 listings is cancelled, its EventCancelled redelivered and handled by two replicas at once, then each ticket is withdrawn exactly once', async () => {
    const event = await createEvent(t.url, signIn().cookie);
    const { cookie } = signIn();
    const listed: TicketJson[] = [];
    for (let i = 0; i < 60; i++) listed.push(await listForEvent(t.url, cookie, event.id, { price: 10 + i }));
    const [reserved, sold] = [listed[0]!, listed[1]!];
    await publishEvent(t.bus, OrderCreated, orderCreatedData(reserved.id, reserved.price));
    const soldOrder = orderCreatedData(sold.id, sold.price);
    await publishEvent(t.bus, OrderCreated, soldOrder);
    await publishEvent(t.bus, OrderCompleted, { id: soldOrder.id, version: 1, ticket: { id: sold.id } });
    await eventually(async () => (await getTicket(t.url, sold.id)).status === 'sold', 'one ticket sold');
    await eventually(async () => (await getTicket(t.url, reserved.id)).status === 'reserved', 'one ticket reserved');
    const before = new Map(listed.map((x) => [x.id, 0]));
    before.set(reserved.id, 1).set(sold.id, 2);

    const res = await request(t.url)
      .post(`/api/events/${event.id}/cancel`)
      .set('Cookie', signInAdmin().cookie)
      .send({});
    // The same event delivered again, while two more handlers (two replicas' redeliveries) run beside the listener.
    await publishEvent(t.bus, EventCancelled, { id: event.id, version: 1 });
    const direct = await Promise.all([
      withdrawEventListings(event.id, t.service.log),
      withdrawEventListings(event.id, t.service.log),
    ]);
    await settled(t.bus, DURABLE, 30_000);

    expect(res.status).toBe(200);
    const after = await Ticket.find(
      { 'event.id': event.id },
      { version: 1, withdrawn: 1, sold: 1, 'event.status': 1 },
    ).lean();
    expect(after).toHaveLength(60);
    for (const ticket of after) {
      expect({ id: ticket._id, version: ticket.version, status: ticket.event?.status }).toEqual({
        id: ticket._id,
        version: before.get(ticket._id)! + 1,
        status: 'cancelled',
      });
      expect(ticket.withdrawn ?? false).toBe(ticket._id !== sold.id);
    }
    expect(direct.every((n) => n >= 0 && n <= 60)).toBe(true);
    await nextEvent(t.bus, TicketUpdated, (d) => d.id === listed[59]!.id && d.event !== undefined && d.version === 1);
    const updates = await eventsInStream(t.bus, TicketUpdated, (d) => d.event?.id === event.id);
    const cancellations = updates.filter((u) => u.data.version === before.get(u.data.id)! + 1);
    expect(cancellations).toHaveLength(60);
    expect(new Set(cancellations.map((u) => u.data.id)).size).toBe(60);
    expect((await getTicket(t.url, sold.id)).status).toBe('sold');
    expect((await getTicket(t.url, reserved.id)).status).toBe('withdrawn');
  });

  test('When a withdrawn ticket is released by its cancelled order, then it stays withdrawn', async () => {
    const event = await createEvent(t.url, signIn().cookie);
    const ticket = await listForEvent(t.url, signIn().cookie, event.id);
    const order = orderCreatedData(ticket.id, ticket.price);
    await publishEvent(t.bus, OrderCreated, order);
    await eventually(async () => (await getTicket(t.url, ticket.id)).status === 'reserved', 'reserved');
    await request(t.url).post(`/api/events/${event.id}/cancel`).set('Cookie', signInAdmin().cookie).send({});
    await eventually(async () => (await getTicket(t.url, ticket.id)).status === 'withdrawn', 'withdrawn');

    await publishEvent(t.bus, OrderCancelled, { id: order.id, version: 1, ticket: { id: ticket.id } });

    const released = await nextEvent(t.bus, TicketUpdated, (d) => d.id === ticket.id && d.version === 3);
    expect(released.data).toMatchObject({ withdrawn: true });
    expect(released.data.orderId).toBeUndefined();
    expect(await getTicket(t.url, ticket.id)).toMatchObject({ status: 'withdrawn', version: 3 });
  });
});
