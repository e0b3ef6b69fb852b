import { newObjectId } from '@ticketing/common';
import { orders } from '../src/models/order';
import { api, listTicket, orderTicket, signIn, startOrders, type OrdersHarness } from './support/harness';

let h: OrdersHarness;

beforeAll(async () => {
  h = await startOrders();
});

afterAll(async () => {
  await h.stop();
});

describe('GET /api/orders/:id', () => {
  test('When the buyer asks for their order, then 200 with it', async () => {
    const buyer = signIn();
    const ticket = await listTicket(h, { title: 'Classical Concert', price: 100 });
    const placed = await orderTicket(h, buyer.cookie, ticket.id);

    const res = await api(h.url, 'GET', `/api/orders/${placed.body.id}`, { cookie: buyer.cookie });

    expect(res.status).toBe(200);
    expect(res.body).toEqual(placed.body);
  });

  test("When another user asks for someone's order, then 403", async () => {
    const ticket = await listTicket(h);
    const placed = await orderTicket(h, signIn().cookie, ticket.id);

    const res = await api(h.url, 'GET', `/api/orders/${placed.body.id}`, { cookie: signIn().cookie });

    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: [{ message: 'Forbidden' }] });
  });

  test('When nobody is signed in, then 401', async () => {
    const ticket = await listTicket(h);
    const placed = await orderTicket(h, signIn().cookie, ticket.id);

    const res = await api(h.url, 'GET', `/api/orders/${placed.body.id}`);

    expect(res.status).toBe(401);
  });

  test.each([
    ['an unknown id', '5f0c9a1b2c3d4e5f60718293'],
    ['a malformed id', 'not-an-id'],
    ['a too long id', '5f0c9a1b2c3d4e5f6071829300'],
  ])('When the id is %s, then 404', async (_name, id) => {
    const res = await api(h.url, 'GET', `/api/orders/${id}`, { cookie: signIn().cookie });

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Order not found' }] });
  });

  test('When the id is not valid percent-encoding, then 404 (an id that is not an ObjectId), not 500', async () => {
    const res = await api(h.url, 'GET', '/api/orders/%ZZ', { cookie: signIn().cookie });

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Order not found' }] });
  });
});

describe('GET /api/orders', () => {
  test('When a buyer has orders, then 200 with only theirs, newest first, with their tickets', async () => {
    const buyer = signIn();
    const [first, second, third] = await Promise.all([
      listTicket(h, { title: 'A' }),
      listTicket(h, { title: 'B' }),
      listTicket(h, { title: 'C' }),
    ]);
    const mine = [];
    for (const t of [first!, second!]) mine.push((await orderTicket(h, buyer.cookie, t.id)).body);
    await orderTicket(h, signIn().cookie, third!.id);

    const res = await api(h.url, 'GET', '/api/orders', { cookie: buyer.cookie });

    expect(res.status).toBe(200);
    expect(res.body).toEqual([mine[1], mine[0]]);
  });

  test('When a buyer has no orders, then 200 with an empty list', async () => {
    const res = await api(h.url, 'GET', '/api/orders', { cookie: signIn().cookie });

    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  test('When nobody is signed in, then 401', async () => {
    const res = await api(h.url, 'GET', '/api/orders');

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not authorized' }] });
  });

  test('When an order is cancelled, then the list shows it cancelled at version 1', async () => {
    const buyer = signIn();
    const ticket = await listTicket(h);
    const placed = await orderTicket(h, buyer.cookie, ticket.id);
    await api(h.url, 'DELETE', `/api/orders/${placed.body.id}`, { cookie: buyer.cookie });

    const res = await api(h.url, 'GET', '/api/orders', { cookie: buyer.cookie });

    expect(res.body).toEqual([{ ...placed.body, status: 'cancelled', version: 1 }]);
  });
  test('When paging with limit and before=<id>, then each page continues after the previous one, newest first', async () => {
    const buyer = signIn();
    const placed = [];
    for (let i = 0; i < 5; i++) {
      const order = (await orderTicket(h, buyer.cookie, (await listTicket(h)).id)).body;
      // Cancelled, so that the buyer's open-order cap (5 by default) does not refuse the next one.
      await api(h.url, 'DELETE', `/api/orders/${order.id}`, { cookie: buyer.cookie });
      placed.push(order.id as string);
    }
    const list = async (query: string) =>
      (await api(h.url, 'GET', `/api/orders${query}`, { cookie: buyer.cookie })).body as Array<{ id: string }>;

    const page1 = await list('?limit=2');
    const page2 = await list(`?limit=2&before=${page1[1]?.id}`);
    const page3 = await list(`?limit=2&before=${page2[1]?.id.toUpperCase()}`);

    expect([page1, page2, page3].map((page) => page.length)).toEqual([2, 2, 1]);
    expect([...page1, ...page2, ...page3].map((order) => order.id)).toEqual([...placed].reverse());
  });

  test('When a buyer has more than 50 orders, then the list gives the newest 50, and limit=100 gives them all', async () => {
    const buyer = signIn();
    // Stored directly (51 placements through the API would take seconds for a page-size check): the list reads
    // nothing else of an order than what the model stores.
    const ids = Array.from({ length: 51 }, () => newObjectId());
    for (const id of ids) {
      await orders.insert({
        _id: id,
        userId: buyer.id,
        status: 'cancelled',
        expiresAt: new Date().toISOString(),
        ticket: { id: newObjectId(), title: 'Rock Concert', price: 100, version: 0 },
      });
    }

    const byDefault = await api(h.url, 'GET', '/api/orders', { cookie: buyer.cookie });
    const all = await api(h.url, 'GET', '/api/orders?limit=100', { cookie: buyer.cookie });

    expect(byDefault.body.map((order: { id: string }) => order.id)).toEqual([...ids].reverse().slice(0, 50));
    expect(all.body).toHaveLength(51);
  });

  test.each(['limit=0', 'limit=101', 'limit=abc', 'limit=1e1', 'limit=1&limit=2', 'before=notanid', 'before='])(
    'When the query is %s, then 400 naming the parameter',
    async (query) => {
      const res = await api(h.url, 'GET', `/api/orders?${query}`, { cookie: signIn().cookie });

      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [{ message: expect.any(String), field: query.split('=')[0] }] });
    },
  );
});
