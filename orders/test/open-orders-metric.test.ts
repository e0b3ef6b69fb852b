// DESIGN §14: orders reports its open orders on its own GET /metrics, counted at each scrape from open_orders.
import { sampleSum } from '@ticketing/testing';
import { api, listTicket, orderTicket, signIn, startOrders, type OrdersHarness } from './support/harness';

let h: OrdersHarness;

beforeAll(async () => {
  h = await startOrders();
});

afterAll(async () => {
  await h.stop();
});

async function openOrders(): Promise<number> {
  const res = await fetch(`${h.url}/metrics`);
  expect(res.status).toBe(200);
  return sampleSum(await res.text(), 'ticketing_orders_open');
}

describe('GET /metrics: open orders', () => {
  test('When two orders are placed and one is cancelled, then the open orders go up by two and down by one', async () => {
    const buyer = signIn();
    const before = await openOrders();

    const first = (await orderTicket(h, buyer.cookie, (await listTicket(h)).id)).body as { id: string };
    await orderTicket(h, buyer.cookie, (await listTicket(h)).id);
    const placed = await openOrders();
    await api(h.url, 'DELETE', `/api/orders/${first.id}`, { cookie: buyer.cookie });
    const after = await openOrders();

    expect([placed - before, after - before]).toEqual([2, 1]);
  });
});
