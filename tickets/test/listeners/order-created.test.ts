import { newObjectId, OrderCancelled, OrderCreated, TicketUpdated } from '@ticketing/common';
import { eventsInStream, eventually, nextEvent, publishEvent, settled } from '@ticketing/testing';
import request from 'supertest';
import {
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

const DURABLE = 'tickets-order-created';

describe('listener: order.created', () => {
  test('When an order is created for a ticket, then the ticket is reserved, TicketUpdated carries the orderId, and edits get 409', async () => {
    const { cookie, userId } = signIn();
    const ticket = await createTicket(t.url, cookie, { price: 40 });
    const order = orderCreatedData(ticket.id, 40);

    await publishEvent(t.bus, OrderCreated, order);

    const event = await nextEvent(t.bus, TicketUpdated, (d) => d.id === ticket.id);
    expect(event.data).toEqual({
      id: ticket.id,
      version: 1,
      title: ticket.title,
      price: 40,
      userId,
      orderId: order.id,
      sold: false,
    });
    expect(await getTicket(t.url, ticket.id)).toEqual({ ...ticket, version: 1, orderId: order.id, status: 'reserved' });
    const edit = await request(t.url)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', cookie)
      .send({ title: 'x', price: 1 });
    expect(edit.status).toBe(409);
  });

  test('When the same OrderCreated arrives twice (new event id), then the ticket changes once', async () => {
    const ticket = await createTicket(t.url, signIn().cookie);
    const order = orderCreatedData(ticket.id);

    await publishEvent(t.bus, OrderCreated, order);
    await publishEvent(t.bus, OrderCreated, order);
    await settled(t.bus, DURABLE);

    expect(await getTicket(t.url, ticket.id)).toMatchObject({ version: 1, orderId: order.id, status: 'reserved' });
    await outboxFlushed(ticket.id);
    expect(await eventsInStream(t.bus, TicketUpdated, (d) => d.id === ticket.id)).toHaveLength(1);
  });

  test('When OrderCreated names a ticket held by another order, then it waits and reserves once that order is cancelled', async () => {
    const ticket = await createTicket(t.url, signIn().cookie);
    const first = orderCreatedData(ticket.id);
    const second = orderCreatedData(ticket.id);
    await publishEvent(t.bus, OrderCreated, first);
    await eventually(async () => (await getTicket(t.url, ticket.id)).orderId === first.id, 'held by the first order');

    // The second order's OrderCreated overtakes the first order's OrderCancelled (another subject, another durable).
    await publishEvent(t.bus, OrderCreated, second);
    await eventually(
      async () => (await t.bus.jsm.consumers.info('TICKETING', DURABLE)).num_redelivered > 0,
      'the second reservation asked for a retry',
    );
    expect(await getTicket(t.url, ticket.id)).toMatchObject({ version: 1, orderId: first.id });
    await publishEvent(t.bus, OrderCancelled, { id: first.id, version: 1, ticket: { id: ticket.id } });

    const final = await eventually(async () => {
      const now = await getTicket(t.url, ticket.id);
      return now.orderId === second.id ? now : undefined;
    }, 'held by the second order');
    expect(final).toMatchObject({ version: 3, status: 'reserved' });
    await settled(t.bus, DURABLE);
  });

  test('When the payload is invalid, then it is terminated and the ticket is unchanged', async () => {
    const ticket = await createTicket(t.url, signIn().cookie);
    const { expiresAt: _dropped, ...withoutExpiry } = orderCreatedData(ticket.id);

    await publishRaw(t.bus, OrderCreated.subject, withoutExpiry);
    await publishRaw(t.bus, OrderCreated.subject, {
      ...orderCreatedData(ticket.id),
      ticket: { id: 'not-an-id', price: 20, version: 0 },
    });
    await publishRaw(t.bus, OrderCreated.subject, 'not an object');
    await settled(t.bus, DURABLE);

    expect(await getTicket(t.url, ticket.id)).toEqual(ticket);
  });

  test('When OrderCreated names a ticket that does not exist, then it is acknowledged without effect', async () => {
    const order = orderCreatedData(newObjectId());

    await publishEvent(t.bus, OrderCreated, order);
    await settled(t.bus, DURABLE);

    const res = await request(t.url).get(`/api/tickets/${order.ticket.id}`);
    expect(res.status).toBe(404);
  });
});
