import { OrderCancelled, OrderCompleted, OrderCreated, TicketUpdated } from '@ticketing/common';
import { eventsInStream, eventually, nextEvent, publishEvent, settled } from '@ticketing/testing';
import request from 'supertest';
import {
  byVersion,
  createTicket,
  getTicket,
  orderCreatedData,
  outboxFlushed,
  publishRaw,
  signIn,
  startTickets,
  type TicketsUnderTest,
} from '../support';

let t: TicketsUnderTest;
beforeAll(async () => {
  t = await startTickets();
});
afterAll(() => t.stop());

const DURABLE = 'tickets-order-cancelled';

/** Publishes OrderCreated priced at the ticket's price and waits until the ticket is reserved. */
async function reserve(ticket: { id: string; price: number }) {
  const order = orderCreatedData(ticket.id, ticket.price);
  await publishEvent(t.bus, OrderCreated, order);
  await eventually(async () => (await getTicket(t.url, ticket.id)).orderId === order.id, 'ticket reserved');
  return order;
}

describe('listener: order.cancelled', () => {
  test('When the holding order is cancelled, then the ticket is available, TicketUpdated has no orderId, and it can be edited', async () => {
    const { cookie, userId } = signIn();
    const ticket = await createTicket(t.url, cookie, { price: 30 });
    const order = await reserve(ticket);

    await publishEvent(t.bus, OrderCancelled, { id: order.id, version: 1, ticket: { id: ticket.id } });

    const event = await nextEvent(t.bus, TicketUpdated, (d) => d.id === ticket.id && d.version === 2);
    expect(event.data).toEqual({ id: ticket.id, version: 2, title: ticket.title, price: 30, userId, sold: false });
    expect(await getTicket(t.url, ticket.id)).toEqual({ ...ticket, version: 2, status: 'available' });
    const edit = await request(t.url)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', cookie)
      .send({ title: 'New', price: 31 });
    expect(edit.status).toBe(200);
    expect(edit.body.version).toBe(3);
  });

  test('When an order that does not hold the ticket is cancelled, then the holding order keeps it', async () => {
    const ticket = await createTicket(t.url, signIn().cookie);
    const holder = await reserve(ticket);
    const otherTicket = await createTicket(t.url, signIn().cookie);
    const other = await reserve(otherTicket);

    await publishEvent(t.bus, OrderCancelled, { id: other.id, version: 1, ticket: { id: ticket.id } });
    await settled(t.bus, DURABLE);

    expect(await getTicket(t.url, ticket.id)).toMatchObject({ version: 1, orderId: holder.id, status: 'reserved' });
  });

  test('When OrderCancelled is published before its OrderCreated, then it is applied after it and the ticket ends available', async () => {
    const ticket = await createTicket(t.url, signIn().cookie);
    const order = orderCreatedData(ticket.id);

    await publishEvent(t.bus, OrderCancelled, { id: order.id, version: 1, ticket: { id: ticket.id } });
    await publishEvent(t.bus, OrderCreated, order);

    const final = await eventually(async () => {
      const now = await getTicket(t.url, ticket.id);
      return now.version === 2 ? now : undefined;
    }, 'ticket at version 2');
    expect(final).toEqual({ ...ticket, version: 2, status: 'available' });
    await settled(t.bus, DURABLE);
    await outboxFlushed(ticket.id);
    const events = await eventsInStream(t.bus, TicketUpdated, (d) => d.id === ticket.id);
    expect(byVersion(events).map((e) => [e.data.version, e.data.orderId])).toEqual([
      [1, order.id],
      [2, undefined],
    ]);
  });

  test('When the same OrderCancelled arrives twice, then the ticket is released once', async () => {
    const ticket = await createTicket(t.url, signIn().cookie);
    const order = await reserve(ticket);

    await publishEvent(t.bus, OrderCancelled, { id: order.id, version: 1, ticket: { id: ticket.id } });
    await publishEvent(t.bus, OrderCancelled, { id: order.id, version: 1, ticket: { id: ticket.id } });
    await settled(t.bus, DURABLE);

    expect(await getTicket(t.url, ticket.id)).toMatchObject({ version: 2, status: 'available' });
  });

  test("When a sold ticket's order is cancelled, then it stays sold", async () => {
    const ticket = await createTicket(t.url, signIn().cookie);
    const order = await reserve(ticket);
    await publishEvent(t.bus, OrderCompleted, { id: order.id, version: 1, ticket: { id: ticket.id } });
    await eventually(async () => (await getTicket(t.url, ticket.id)).status === 'sold', 'ticket sold');

    await publishEvent(t.bus, OrderCancelled, { id: order.id, version: 2, ticket: { id: ticket.id } });
    await settled(t.bus, DURABLE);

    expect(await getTicket(t.url, ticket.id)).toMatchObject({ version: 2, orderId: order.id, status: 'sold' });
  });

  test('When the payload is invalid, then it is terminated and the ticket stays reserved', async () => {
    const ticket = await createTicket(t.url, signIn().cookie);
    const order = await reserve(ticket);

    await publishRaw(t.bus, OrderCancelled.subject, { id: order.id, ticket: { id: ticket.id } });
    await publishRaw(t.bus, OrderCancelled.subject, { id: order.id, version: -1, ticket: { id: ticket.id } });
    await settled(t.bus, DURABLE);

    expect(await getTicket(t.url, ticket.id)).toMatchObject({ version: 1, orderId: order.id, status: 'reserved' });
  });
});
