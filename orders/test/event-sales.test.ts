// DESIGN §12 and §13 at POST /api/orders, decided from orders' own ticket replica at request time: a ticket of an
// event that has started, or whose on-sale has not come, is refused (409 with a sentence); a ticket without an event
// keeps the seed's rules; OrderCreated carries the seller and the event for payments.
import { OrderCreated, TicketUpdated } from '@ticketing/common';
import { eventsInStream, eventually, nextEvent, publishEvent } from '@ticketing/testing';
import { Order } from '../src/models/order';
import { TicketReplica } from '../src/models/ticket-replica';
import { api, listTicket, orderTicket, signIn, startOrders, ticketEvent, type OrdersHarness } from './support/harness';

let h: OrdersHarness;

beforeAll(async () => {
  h = await startOrders();
});

afterAll(async () => {
  await h.stop();
});

describe('POST /api/orders: a ticket of an event', () => {
  test('When the event is on sale, then 201, and OrderCreated carries the seller and the event', async () => {
    const event = ticketEvent();
    const ticket = await listTicket(h, { event, price: 45 });
    const buyer = signIn();

    const res = await orderTicket(h, buyer.cookie, ticket.id);

    expect(res.status).toBe(201);
    const created = await nextEvent(h.bus, OrderCreated, (d) => d.id === res.body.id);
    expect(created.data).toEqual({
      id: res.body.id,
      version: 0,
      status: 'created',
      userId: buyer.id,
      expiresAt: res.body.expiresAt,
      ticket: { id: ticket.id, price: 45, version: 0 },
      sellerId: ticket.userId,
      event: { id: event.id, startsAt: event.startsAt },
    });
    expect(await Order.findById(res.body.id, { sellerId: 1, event: 1, _id: 0 }).lean()).toEqual({
      sellerId: ticket.userId,
      event: { id: event.id, startsAt: event.startsAt },
    });
  });

  test('When the event has started, then 409 "The event has started" and no order', async () => {
    const ticket = await listTicket(h, { event: ticketEvent({ startsInMs: -60_000 }) });

    const res = await orderTicket(h, signIn().cookie, ticket.id);

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'The event has started' }] });
    expect(await Order.exists({ 'ticket.id': ticket.id })).toBeNull();
    expect(await eventsInStream(h.bus, OrderCreated, (d) => d.ticket.id === ticket.id)).toHaveLength(0);
  });

  test('When the on-sale has not come, then 409 with its time, and after the on-sale 201', async () => {
    const onSaleAt = new Date(Date.now() + 1_500).toISOString();
    const ticket = await listTicket(h, { event: ticketEvent({ onSaleAt }) });
    const buyer = signIn();

    const early = await orderTicket(h, buyer.cookie, ticket.id);

    expect(early.status).toBe(409);
    expect(early.body).toEqual({ errors: [{ message: `On sale at ${onSaleAt}` }] });
    expect(await Order.exists({ 'ticket.id': ticket.id })).toBeNull();
    const onSale = await eventually(
      async () => {
        const res = await orderTicket(h, buyer.cookie, ticket.id);
        return res.status === 409 ? undefined : res;
      },
      'the ticket on sale',
      { timeoutMs: 10_000 },
    );
    expect(onSale.status).toBe(201);
  });

  test('When the event starts after an order was placed, then the order stays visible and a new order is 409', async () => {
    const event = ticketEvent({ startsInMs: 1_500 });
    const [first, second] = [await listTicket(h, { event }), await listTicket(h, { event })];
    const buyer = signIn();
    const order = await orderTicket(h, buyer.cookie, first.id);
    expect(order.status).toBe(201);

    await eventually(() => Date.now() >= Date.parse(event.startsAt), 'the event started', { timeoutMs: 10_000 });
    const refused = await orderTicket(h, buyer.cookie, second.id);

    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({ errors: [{ message: 'The event has started' }] });
    const shown = await api(h.url, 'GET', `/api/orders/${order.body.id}`, { cookie: buyer.cookie });
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual(order.body);
    const listed = await api(h.url, 'GET', '/api/orders', { cookie: buyer.cookie });
    expect(listed.body.map((o: { id: string }) => o.id)).toContain(order.body.id);
  });

  test('When TicketUpdated moves the on-sale later, then the replica keeps the new rules and the order is 409', async () => {
    const event = ticketEvent();
    const ticket = await listTicket(h, { event });
    const onSaleAt = new Date(Date.now() + 3_600_000).toISOString();
    const { id, title, price, userId } = ticket;

    await publishEvent(h.bus, TicketUpdated, { id, version: 1, title, price, userId, event: { ...event, onSaleAt } });
    await eventually(() => TicketReplica.findOne({ _id: id, version: 1 }).lean(), 'replica at v1');

    const res = await orderTicket(h, signIn().cookie, id);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: `On sale at ${onSaleAt}` }] });
    expect((await TicketReplica.findById(id).lean())?.event).toEqual({ ...event, onSaleAt });
  });

  test('When a ticket has no event, then it is ordered as before, whatever the time', async () => {
    const ticket = await listTicket(h);

    const res = await orderTicket(h, signIn().cookie, ticket.id);

    expect(res.status).toBe(201);
    const created = await nextEvent(h.bus, OrderCreated, (d) => d.id === res.body.id);
    expect(created.data.event).toBeUndefined();
    expect(created.data.sellerId).toBe(ticket.userId);
  });
});
