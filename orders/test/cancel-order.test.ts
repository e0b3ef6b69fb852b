import { ChargeCreated, newObjectId, OrderCancelled, OrderCreated } from '@ticketing/common';
import { eventsInStream, nextEvent, publishEvent, settled } from '@ticketing/testing';
import { Order } from '../src/models/order';
import {
  api,
  orderTicket,
  placedOrder,
  reservedByTickets,
  signIn,
  startOrders,
  type OrdersHarness,
} from './support/harness';

let h: OrdersHarness;

beforeAll(async () => {
  h = await startOrders();
});

afterAll(async () => {
  await h.stop();
});

describe('DELETE /api/orders/:id', () => {
  test('When the buyer cancels their order, then 200 with it cancelled at version 1, and OrderCancelled v1 is published', async () => {
    const { buyer, ticket, order } = await placedOrder(h);

    const res = await api(h.url, 'DELETE', `/api/orders/${order.id}`, { cookie: buyer.cookie });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...order, status: 'cancelled', version: 1 });
    expect((await api(h.url, 'GET', `/api/orders/${order.id}`, { cookie: buyer.cookie })).body).toEqual(res.body);
    const event = await nextEvent(h.bus, OrderCancelled, (d) => d.id === order.id);
    expect(event.data).toEqual({ id: order.id, version: 1, ticket: { id: ticket.id } });
  });

  test('When an order is cancelled, then its ticket is released and another buyer can order it', async () => {
    const { buyer, ticket, order } = await placedOrder(h);

    await api(h.url, 'DELETE', `/api/orders/${order.id}`, { cookie: buyer.cookie });
    const again = await orderTicket(h, signIn().cookie, ticket.id);

    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(order.id);
    expect((await Order.findOne({ lock: ticket.id }).lean())?._id).toBe(again.body.id);
    const created = await eventsInStream(h.bus, OrderCreated, (d) => d.ticket.id === ticket.id);
    expect(created.map((e) => e.data.id)).toEqual([order.id, again.body.id]);
  });

  test('When a cancelled order is cancelled again, then 200, still version 1, and one OrderCancelled', async () => {
    const { buyer, order } = await placedOrder(h);
    await api(h.url, 'DELETE', `/api/orders/${order.id}`, { cookie: buyer.cookie });

    const res = await api(h.url, 'DELETE', `/api/orders/${order.id}`, { cookie: buyer.cookie });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...order, status: 'cancelled', version: 1 });
    await nextEvent(h.bus, OrderCancelled, (d) => d.id === order.id);
    expect(await eventsInStream(h.bus, OrderCancelled, (d) => d.id === order.id)).toHaveLength(1);
  });

  test('When the buyer cancels the same order 10 times at once, then every answer is 200 and it is cancelled once', async () => {
    const { buyer, order } = await placedOrder(h);

    const results = await Promise.all(
      Array.from({ length: 10 }, () => api(h.url, 'DELETE', `/api/orders/${order.id}`, { cookie: buyer.cookie })),
    );

    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    await nextEvent(h.bus, OrderCancelled, (d) => d.id === order.id);
    expect(await eventsInStream(h.bus, OrderCancelled, (d) => d.id === order.id)).toHaveLength(1);
  });

  test('When the order is completed, then 409 and it stays completed', async () => {
    const { buyer, ticket, order } = await placedOrder(h);
    await reservedByTickets(h, ticket, order.id);
    await publishEvent(h.bus, ChargeCreated, {
      id: newObjectId(),
      orderId: order.id,
      status: 'completed',
      amount: 100,
      stripeId: 'pi_1',
    });
    await settled(h.bus, 'orders-charge-created');

    const res = await api(h.url, 'DELETE', `/api/orders/${order.id}`, { cookie: buyer.cookie });

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'Order is already completed' }] });
    const shown = await api(h.url, 'GET', `/api/orders/${order.id}`, { cookie: buyer.cookie });
    expect(shown.body).toMatchObject({ status: 'completed', version: 1 });
  });

  test("When another user cancels someone's order, then 403 and the order stays created", async () => {
    const { buyer, order } = await placedOrder(h);

    const res = await api(h.url, 'DELETE', `/api/orders/${order.id}`, { cookie: signIn().cookie });

    expect(res.status).toBe(403);
    expect((await api(h.url, 'GET', `/api/orders/${order.id}`, { cookie: buyer.cookie })).body).toEqual(order);
  });

  test('When nobody is signed in, then 401', async () => {
    const { order } = await placedOrder(h);

    const res = await api(h.url, 'DELETE', `/api/orders/${order.id}`);

    expect(res.status).toBe(401);
  });

  test.each([
    ['an unknown id', '5f0c9a1b2c3d4e5f60718293'],
    ['a malformed id', 'zzz'],
  ])('When the id is %s, then 404', async (_name, id) => {
    const res = await api(h.url, 'DELETE', `/api/orders/${id}`, { cookie: signIn().cookie });

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Order not found' }] });
  });
});
