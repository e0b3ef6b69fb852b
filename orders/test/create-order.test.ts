import { newObjectId, OrderCreated } from '@ticketing/common';
import { eventsInStream, nextEvent } from '@ticketing/testing';
import { Order } from '../src/models/order';
import { api, listTicket, orderTicket, signIn, startOrders, type OrdersHarness } from './support/harness';

let h: OrdersHarness;

beforeAll(async () => {
  h = await startOrders({ EXPIRATION_WINDOW_SECONDS: '120' });
});

afterAll(async () => {
  await h.stop();
});

describe('POST /api/orders', () => {
  test('When a buyer orders an available ticket, then 201 with the order, stored and announced as version 0', async () => {
    const ticket = await listTicket(h, { title: 'Basketball Game', price: 20 });
    const buyer = signIn();
    const before = Date.now();

    const res = await orderTicket(h, buyer.cookie, ticket.id);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      userId: buyer.id,
      status: 'created',
      expiresAt: expect.any(String),
      version: 0,
      ticket: { id: ticket.id, title: 'Basketball Game', price: 20 },
    });
    const expiresIn = Date.parse(res.body.expiresAt) - before;
    expect(expiresIn).toBeGreaterThanOrEqual(120_000);
    expect(expiresIn).toBeLessThan(130_000);
    const shown = await api(h.url, 'GET', `/api/orders/${res.body.id}`, { cookie: buyer.cookie });
    expect(shown.body).toEqual(res.body);
    const event = await nextEvent(h.bus, OrderCreated, (d) => d.id === res.body.id);
    expect(event.data).toEqual({
      id: res.body.id,
      version: 0,
      status: 'created',
      userId: buyer.id,
      expiresAt: res.body.expiresAt,
      ticket: { id: ticket.id, price: 20, version: 0 },
      // A ticket without an event (the seed's): the seller, and no event.
      sellerId: ticket.userId,
    });
  });

  test('When nobody is signed in, then 401 and no order', async () => {
    const ticket = await listTicket(h);

    const res = await api(h.url, 'POST', '/api/orders', { json: { ticketId: ticket.id } });

    expect(res.status).toBe(401);
    expect(await Order.exists({ lock: ticket.id })).toBeNull();
  });

  test.each([
    ['missing', {}],
    ['not an ObjectId', { ticketId: 'abc' }],
    ['a number', { ticketId: 42 }],
    ['an object', { ticketId: { $ne: null } }],
  ])('When ticketId is %s, then 400 naming the field', async (_name, body) => {
    const res = await api(h.url, 'POST', '/api/orders', { cookie: signIn().cookie, json: body });

    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('ticketId');
  });

  test('When the ticket is unknown to orders, then 404', async () => {
    const res = await orderTicket(h, signIn().cookie, newObjectId());

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket not found' }] });
  });

  test('When the seller orders their own ticket, then 400 and the ticket stays free', async () => {
    const seller = signIn();
    const ticket = await listTicket(h, { userId: seller.id });

    const res = await orderTicket(h, seller.cookie, ticket.id);

    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toEqual({ message: 'You cannot order your own ticket', field: 'ticketId' });
    expect((await orderTicket(h, signIn().cookie, ticket.id)).status).toBe(201);
  });

  test('When the ticket is already reserved, then 409 and no second OrderCreated', async () => {
    const ticket = await listTicket(h);
    const first = await orderTicket(h, signIn().cookie, ticket.id);

    const second = await orderTicket(h, signIn().cookie, ticket.id);

    expect(first.status).toBe(201);
    expect(second.status).toBe(409);
    expect(second.body).toEqual({ errors: [{ message: 'Ticket is already reserved' }] });
    await nextEvent(h.bus, OrderCreated, (d) => d.id === first.body.id);
    expect(await eventsInStream(h.bus, OrderCreated, (d) => d.ticket.id === ticket.id)).toHaveLength(1);
  });

  test('When 30 buyers order one ticket at once, then exactly one gets 201 and the others 409', async () => {
    const ticket = await listTicket(h);

    const results = await Promise.all(Array.from({ length: 30 }, () => orderTicket(h, signIn().cookie, ticket.id)));

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(29);
  });

  test('When a ticket is locked, then the lock is its order: exactly one live order holds it, and a cancel frees it at once', async () => {
    const buyer = signIn();
    const ticket = await listTicket(h);
    const first = await orderTicket(h, buyer.cookie, ticket.id);

    const holders = await Order.find({ lock: ticket.id }).lean();
    await api(h.url, 'DELETE', `/api/orders/${first.body.id}`, { cookie: buyer.cookie });
    const afterCancel = await Order.find({ lock: ticket.id }).lean();
    const next = await orderTicket(h, signIn().cookie, ticket.id);

    expect(holders.map((order) => order._id)).toEqual([first.body.id]);
    expect(afterCancel).toEqual([]);
    expect(next.status).toBe(201);
  });

  test('When the buyer cancels while 20 others order the same ticket, then at most one new order holds it', async () => {
    const buyer = signIn();
    const ticket = await listTicket(h);
    const first = (await orderTicket(h, buyer.cookie, ticket.id)).body;

    const [cancelled, ...others] = await Promise.all([
      api(h.url, 'DELETE', `/api/orders/${first.id}`, { cookie: buyer.cookie }),
      ...Array.from({ length: 20 }, () => orderTicket(h, signIn().cookie, ticket.id)),
    ]);

    expect(cancelled!.status).toBe(200);
    expect(others.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const winners = others.filter((r) => r.status === 201);
    expect(winners.length).toBeLessThanOrEqual(1);
    const holder = (await Order.findOne({ lock: ticket.id }).lean())?._id;
    if (winners.length === 1) expect(holder).toBe(winners[0]!.body.id);
    else expect((await orderTicket(h, signIn().cookie, ticket.id)).status).toBe(201);
  });
});
