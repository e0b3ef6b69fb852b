// DESIGN §16: the overdue sweep reads the open orders (open_orders), not every order ever placed; an entry left by a
// crash or a failed insert is deleted by the sweep, and never reopens or changes its order.
import { createLogger, newObjectId } from '@ticketing/common';
import { eventually } from '@ticketing/testing';
import mongoose from 'mongoose';
import { cancelOverdueOrders } from '../src/models/expire-overdue';
import { addOpenOrder } from '../src/models/open-orders';
import { findOrder } from '../src/models/order';
import { api, listTicket, orderTicket, signIn, startOrders, type OrdersHarness } from './support/harness';

let h: OrdersHarness;
const log = createLogger('test', 'silent');

beforeAll(async () => {
  // The periodic sweep is left to the test (5 minutes apart); orders expire after a second.
  h = await startOrders({ EXPIRATION_WINDOW_SECONDS: '1', ORDERS_EXPIRY_SWEEP_SECONDS: '300' });
});

afterAll(async () => {
  await h.stop();
});

const openOrderIds = async (): Promise<string[]> =>
  (await mongoose.connection.collection<{ _id: string }>('open_orders').find({}).toArray()).map((e) => e._id);

/** The filters of the `find`s sent to `orders` while `fn` runs. */
async function ordersFinds(fn: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const filters: Array<Record<string, unknown>> = [];
  const client = mongoose.connection.getClient();
  const onStarted = (event: { commandName: string; command: Record<string, unknown> }) => {
    if (event.commandName === 'find' && event.command.find === 'orders')
      filters.push(event.command.filter as Record<string, unknown>);
  };
  client.on('commandStarted', onStarted);
  try {
    await fn();
  } finally {
    client.off('commandStarted', onStarted);
  }
  return filters;
}

describe('overdue sweep', () => {
  test('When an order is overdue among closed ones and stale entries, then the sweep cancels it reading orders by _id only, and deletes the stale entries', async () => {
    const overdue = (await orderTicket(h, signIn().cookie, (await listTicket(h)).id)).body;
    const buyer = signIn();
    const closed = (await orderTicket(h, buyer.cookie, (await listTicket(h)).id)).body;
    expect((await api(h.url, 'DELETE', `/api/orders/${closed.id}`, { cookie: buyer.cookie })).status).toBe(200);
    expect(await openOrderIds()).not.toContain(closed.id);
    // What a crash leaves: an entry of an order closed since, and one of an order whose insert failed.
    const past = new Date(Date.now() - 1_000).toISOString();
    await addOpenOrder(closed.id, past);
    const neverStored = newObjectId();
    await addOpenOrder(neverStored, past);
    await eventually(async () => Date.parse(overdue.expiresAt) < Date.now(), 'the order past its expiry');

    let cancelled = 0;
    const filters = await ordersFinds(async () => {
      cancelled = await cancelOverdueOrders(log);
    });

    expect(cancelled).toBe(1);
    expect(await findOrder(overdue.id)).toMatchObject({ status: 'cancelled', version: 1 });
    expect(await findOrder(closed.id)).toMatchObject({ status: 'cancelled', version: 1 });
    expect(filters.filter((filter) => Object.keys(filter).join() !== '_id')).toEqual([]);
    expect(await openOrderIds()).not.toEqual(expect.arrayContaining([overdue.id]));
    expect(await openOrderIds()).not.toEqual(expect.arrayContaining([closed.id]));
    expect(await openOrderIds()).not.toEqual(expect.arrayContaining([neverStored]));
  });

  test('When an order is cancelled, then it leaves the open orders at once (completion closes through the same closeOrder)', async () => {
    const buyer = signIn();
    const order = (await orderTicket(h, buyer.cookie, (await listTicket(h)).id)).body;
    expect(await openOrderIds()).toContain(order.id);

    expect((await api(h.url, 'DELETE', `/api/orders/${order.id}`, { cookie: buyer.cookie })).status).toBe(200);

    expect(await openOrderIds()).not.toContain(order.id);
  });
});
