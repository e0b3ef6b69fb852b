// When Stripe cannot be reached, a payment is a 503 (the client may retry), never a 500, and the charge stays
// `created` so that the retry sends the same keyed request.
import { freePort } from '@ticketing/testing';
import { call, type Harness, newBuyer, pay, placeOrder, startPayments } from './support/payments-harness';

let h: Harness;

beforeAll(async () => {
  // A port nothing listens on: every connection is refused.
  h = await startPayments(`http://127.0.0.1:${await freePort()}`);
});

afterAll(async () => {
  await h?.stop();
});

describe('POST /api/payments while Stripe is unreachable', () => {
  test('When Stripe refuses connections, then 503, twice, and the charge waits in status created', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);

    const first = await pay(h.base, buyer.cookie, orderId);
    const retry = await pay(h.base, buyer.cookie, orderId);

    expect(first.status).toBe(503);
    expect(first.body).toEqual({ errors: [{ message: 'The payment provider is not available; please try again' }] });
    expect(retry.status).toBe(503);
    const list = await call(h.base, 'GET', `/api/payments?orderId=${orderId}`, { cookie: buyer.cookie });
    expect(list.body).toEqual([{ id: expect.any(String), orderId, status: 'created', amount: 20, stripeId: null }]);
  });

  test('When Stripe is unreachable, then the service still reports ready (Stripe is not a readiness dependency)', async () => {
    const res = await call(h.base, 'GET', '/readyz');

    expect(res.status).toBe(200);
  });
});
