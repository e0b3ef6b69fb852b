// DESIGN §10: a buyer holds at most ORDERS_MAX_OPEN_PER_BUYER (default 5) unpaid orders; the next is 429.
import { ChargeCreated, newObjectId } from '@ticketing/common';
import { eventually, publishEvent } from '@ticketing/testing';
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

beforeAll(async () => {
  h = await startOrders();
});

afterAll(async () => {
  await h.stop();
});

const LIMIT_MESSAGE = 'You already have 5 unpaid orders; pay for or cancel one before ordering another ticket';

async function listTickets(n: number) {
  return Promise.all(Array.from({ length: n }, () => listTicket(h)));
}

describe('POST /api/orders: open orders per buyer', () => {
  test('When one buyer orders 20 different tickets at once, then exactly 5 get 201 and 15 get 429 saying why, and no 5xx', async () => {
    const buyer = signIn();
    const tickets = await listTickets(20);

    const results = await Promise.all(tickets.map((t) => orderTicket(h, buyer.cookie, t.id)));

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    for (const refused of results.filter((r) => r.status === 429)) {
      expect(refused.body).toEqual({ errors: [{ message: LIMIT_MESSAGE }] });
    }
    const mine = await api(h.url, 'GET', '/api/orders', { cookie: buyer.cookie });
    expect(mine.body).toHaveLength(5);
    // The tickets refused to this buyer were not reserved: another buyer can order one of them.
    const refusedTicket = tickets[statuses.indexOf(429)]!;
    expect((await orderTicket(h, signIn().cookie, refusedTicket.id)).status).toBe(201);
  });

  test('When a buyer at the limit cancels one order, then exactly one more order succeeds', async () => {
    const buyer = signIn();
    const tickets = await listTickets(7);
    const placed = [];
    for (const t of tickets.slice(0, 5)) placed.push(await orderTicket(h, buyer.cookie, t.id));
    expect((await orderTicket(h, buyer.cookie, tickets[5]!.id)).status).toBe(429);

    const cancel = await api(h.url, 'DELETE', `/api/orders/${placed[0]!.body.id}`, { cookie: buyer.cookie });
    const [sixth, seventh] = await Promise.all([
      orderTicket(h, buyer.cookie, tickets[5]!.id),
      orderTicket(h, buyer.cookie, tickets[6]!.id),
    ]);

    expect(cancel.status).toBe(200);
    expect([sixth.status, seventh.status].sort()).toEqual([201, 429]);
  });

  test('When a buyer pays for an order, then it no longer counts as open', async () => {
    const buyer = signIn();
    const tickets = await listTickets(6);
    const placed = [];
    for (const t of tickets.slice(0, 5)) placed.push(await orderTicket(h, buyer.cookie, t.id));
    const paid = placed[0]!.body.id as string;
    await reservedByTickets(h, tickets[0]!, paid);

    await publishEvent(h.bus, ChargeCreated, {
      id: newObjectId(),
      orderId: paid,
      status: 'completed',
      amount: 100,
      stripeId: 'pi_test_paid',
    });
    await eventually(async () => (await Order.findById(paid).lean())?.status === 'completed', 'order completed');

    expect((await orderTicket(h, buyer.cookie, tickets[5]!.id)).status).toBe(201);
  });

  test('When different buyers each hold 5 orders, then neither limits the other', async () => {
    const [a, b] = [signIn(), signIn()];
    const tickets = await listTickets(10);

    const results = await Promise.all(tickets.map((t, i) => orderTicket(h, (i % 2 ? a : b).cookie, t.id)));

    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
  });
});
