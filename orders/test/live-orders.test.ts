import { ChargeCreated, newObjectId, OrderCancelled } from '@ticketing/common';
import {
  eventually,
  openEventStream,
  publishEvent,
  type OpenEventStream,
  type ReceivedEvent,
} from '@ticketing/testing';
import { Order } from '../src/models/order';
import {
  api,
  listTicket,
  orderTicket,
  reservedByTickets,
  signIn,
  startOrders,
  type OrdersHarness,
} from './support/harness';

let h: OrdersHarness;
const streams: OpenEventStream[] = [];

beforeAll(async () => {
  h = await startOrders();
});

afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

afterAll(async () => {
  await h.stop();
});

/** A signed-in buyer with their live stream open. */
async function watchingBuyer() {
  const buyer = signIn();
  const stream = await openEventStream(`${h.url}/api/orders/live`, { cookie: buyer.cookie });
  streams.push(stream);
  await eventually(() => stream.retryMs !== undefined, 'stream open');
  return { ...buyer, stream };
}

const about = (orderId: string, version: number) => (e: ReceivedEvent) =>
  e.event === 'order' &&
  (e.data as { id: string }).id === orderId &&
  (e.data as { version: number }).version === version;

describe('GET /api/orders/live', () => {
  test('When one buyer holds 10 streams open, then their 11th gets 429 and another buyer still connects', async () => {
    const buyer = signIn();
    for (let i = 0; i < 10; i++) {
      streams.push(await openEventStream(`${h.url}/api/orders/live`, { cookie: buyer.cookie }));
    }

    const eleventh = await api(h.url, 'GET', '/api/orders/live', { cookie: buyer.cookie });
    const other = await watchingBuyer();

    expect(streams.slice(0, 10).map((stream) => stream.status)).toEqual(Array(10).fill(200));
    expect(eleventh.status).toBe(429);
    expect(eleventh.body).toEqual({ errors: [{ message: 'Too many live update streams open; close some tabs' }] });
    expect(other.stream.status).toBe(200);
  });

  test("When a buyer places and cancels an order, then their stream reports both, and another buyer's stream neither", async () => {
    const buyer = await watchingBuyer();
    const other = await watchingBuyer();
    const ticket = await listTicket(h);

    const order = (await orderTicket(h, buyer.cookie, ticket.id)).body;
    await buyer.stream.next(about(order.id, 0));
    await api(h.url, 'DELETE', `/api/orders/${order.id}`, { cookie: buyer.cookie });

    expect((await buyer.stream.next(about(order.id, 1))).data).toEqual({
      id: order.id,
      version: 1,
      status: 'cancelled',
    });
    expect(buyer.stream.events.filter((e) => (e.data as { id: string }).id === order.id).map((e) => e.data)).toEqual([
      { id: order.id, version: 0, status: 'created' },
      { id: order.id, version: 1, status: 'cancelled' },
    ]);
    expect(other.stream.events).toEqual([]);
  });

  test('When the order is paid (ChargeCreated completed), then the stream reports it completed', async () => {
    const buyer = await watchingBuyer();
    const ticket = await listTicket(h);
    const order = (await orderTicket(h, buyer.cookie, ticket.id)).body;
    await reservedByTickets(h, ticket, order.id);

    await publishEvent(h.bus, ChargeCreated, {
      id: newObjectId(),
      orderId: order.id,
      status: 'completed',
      amount: 100,
      stripeId: `pi_${newObjectId()}`,
    });

    expect((await buyer.stream.next(about(order.id, 1))).data).toEqual({
      id: order.id,
      version: 1,
      status: 'completed',
    });
  });

  test('When an order this replica never saw created is cancelled, then its owner is looked up and told', async () => {
    const buyer = await watchingBuyer();
    const orderId = newObjectId();
    const ticketId = newObjectId();
    // As if another replica had placed it (this one saw no OrderCreated): only the database knows the owner.
    await Order.collection.insertOne({
      _id: orderId as never,
      userId: buyer.id,
      status: 'cancelled',
      expiresAt: new Date().toISOString(),
      ticket: { id: ticketId, title: 'Rock Concert', price: 10 },
      version: 1,
    });

    await publishEvent(h.bus, OrderCancelled, { id: orderId, version: 1, ticket: { id: ticketId } });

    expect((await buyer.stream.next(about(orderId, 1))).data).toEqual({ id: orderId, version: 1, status: 'cancelled' });
  });

  test('When nobody is signed in, then 401 and no stream', async () => {
    const res = await api(h.url, 'GET', '/api/orders/live');

    expect(res.status).toBe(401);
    expect(res.body.errors[0].message).toEqual(expect.any(String));
  });
});
