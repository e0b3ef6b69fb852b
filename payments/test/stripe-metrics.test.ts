// The Stripe calls' durations by operation and outcome (DESIGN §14), read from the service's own GET /metrics.
import { freePort, sampleSum } from '@ticketing/testing';
import { type Harness, newBuyer, pay, placeOrder, startPayments } from './support/payments-harness';

let h: Harness;

beforeAll(async () => {
  // A port nothing listens on: every connection is refused.
  h = await startPayments(`http://127.0.0.1:${await freePort()}`);
});

afterAll(async () => {
  await h?.stop();
});

/** The service's GET /metrics, on its own port as Prometheus reads it. */
async function scrape(): Promise<string> {
  const res = await fetch(`${h.base}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
}

describe('Stripe call metrics', () => {
  test('When Stripe refuses connections, then each attempt to pay is recorded as a failed create_intent, by error class', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);
    const series = { stripe_operation: 'create_intent', outcome: 'StripeConnectionError' };
    const before = await scrape();

    expect((await pay(h.base, buyer.cookie, orderId)).status).toBe(503);
    expect((await pay(h.base, buyer.cookie, orderId)).status).toBe(503);
    const after = await scrape();

    const count = 'ticketing_stripe_call_duration_count';
    expect(sampleSum(after, count, series) - sampleSum(before, count, series)).toBe(2);
    expect(sampleSum(after, count, { outcome: 'ok' }) - sampleSum(before, count, { outcome: 'ok' })).toBe(0);
  });
});
