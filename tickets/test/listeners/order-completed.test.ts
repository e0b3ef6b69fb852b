import { OrderCompleted, OrderCreated, TicketUpdated } from '@ticketing/common';
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

const DURABLE = 'tickets-order-completed';

describe('listener: order.completed', () => {
  test('When the holding order is completed, then the ticket is sold, TicketUpdated says so, and edits get 409', async () => {
    const { cookie, userId } = signIn();
    const ticket = await createTicket(t.url, cookie, { price: 100 });
    const order = orderCreatedData(ticket.id, 100);
    await publishEvent(t.bus, OrderCreated, order);

    await publishEvent(t.bus, OrderCompleted, { id: order.id, version: 1, ticket: { id: ticket.id } });

    const event = await nextEvent(t.bus, TicketUpdated, (d) => d.id === ticket.id && d.version === 2);
    expect(event.data).toEqual({
      id: ticket.id,
      version: 2,
      title: ticket.title,
      price: 100,
      userId,
      orderId: order.id,
      sold: true,
    });
    expect(await getTicket(t.url, ticket.id)).toEqual({ ...ticket, version: 2, orderId: order.id, status: 'sold' });
    const edit = await request(t.url)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', cookie)
      .send({ title: 'x', price: 1 });
    expect(edit.status).toBe(409);
  });

  test('When OrderCompleted arrives before its OrderCreated, then the ticket ends sold, reserved first', async () => {
    const ticket = await createTicket(t.url, signIn().cookie);
    const order = orderCreatedData(ticket.id);

    await publishEvent(t.bus, OrderCompleted, { id: order.id, version: 1, ticket: { id: ticket.id } });
    await publishEvent(t.bus, OrderCreated, order);

    const final = await eventually(async () => {
      const now = await getTicket(t.url, ticket.id);
      return now.status === 'sold' ? now : undefined;
    }, 'ticket sold');
    expect(final).toMatchObject({ version: 2, orderId: order.id });
    await settled(t.bus, DURABLE);
    await outboxFlushed(ticket.id);
    const events = await eventsInStream(t.bus, TicketUpdated, (d) => d.id === ticket.id);
    expect(byVersion(events).map((e) => [e.data.version, e.data.sold])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  test('When the same OrderCompleted arrives twice, then the ticket changes once', async () => {
    const ticket = await createTicket(t.url, signIn().cookie);
    const order = orderCreatedData(ticket.id);
    await publishEvent(t.bus, OrderCreated, order);

    await publishEvent(t.bus, OrderCompleted, { id: order.id, version: 1, ticket: { id: ticket.id } });
    await publishEvent(t.bus, OrderCompleted, { id: order.id, version: 1, ticket: { id: ticket.id } });
    await eventually(async () => (await getTicket(t.url, ticket.id)).status === 'sold', 'ticket sold');
    await settled(t.bus, DURABLE);

    expect(await getTicket(t.url, ticket.id)).toMatchObject({ version: 2, status: 'sold' });
  });

  test('When an order that does not hold the ticket is completed, then nothing changes', async () => {
    const ticket = await createTicket(t.url, signIn().cookie);
    const holder = orderCreatedData(ticket.id);
    await publishEvent(t.bus, OrderCreated, holder);
    await eventually(async () => (await getTicket(t.url, ticket.id)).status === 'reserved', 'ticket reserved');
    const otherTicket = await createTicket(t.url, signIn().cookie);
    const other = orderCreatedData(otherTicket.id);
    await publishEvent(t.bus, OrderCreated, other);
    await eventually(
      async () => (await getTicket(t.url, otherTicket.id)).status === 'reserved',
      'other ticket reserved',
    );

    await publishEvent(t.bus, OrderCompleted, { id: other.id, version: 1, ticket: { id: ticket.id } });
    await settled(t.bus, DURABLE);

    expect(await getTicket(t.url, ticket.id)).toMatchObject({ version: 1, orderId: holder.id, status: 'reserved' });
  });

  test('When the payload is invalid, then it is terminated and the ticket stays reserved', async () => {
    const ticket = await createTicket(t.url, signIn().cookie);
    const order = orderCreatedData(ticket.id);
    await publishEvent(t.bus, OrderCreated, order);
    await eventually(async () => (await getTicket(t.url, ticket.id)).status === 'reserved', 'ticket reserved');

    await publishRaw(t.bus, OrderCompleted.subject, { id: order.id, version: 1, ticket: {} });
    await publishRaw(t.bus, OrderCompleted.subject, { id: order.id, version: '1', ticket: { id: ticket.id } });
    await settled(t.bus, DURABLE);

    expect(await getTicket(t.url, ticket.id)).toMatchObject({ version: 1, status: 'reserved' });
  });
});
