// DESIGN §7: a charge that succeeds after its order was cancelled (expiry racing the payment) is refunded and
// recorded, whichever of the two is stored first. The fake answers every request after LATENCY_MS, which keeps the
// payment at Stripe while the test cancels the order.
import { ChargeCreated, ChargeRefunded } from '@ticketing/common';
import { eventsInStream, eventually, nextEvent, settled } from '@ticketing/testing';
import { startSlowStripeFakeProbe, type StripeFakeProbe } from './support/stripe-fake-probe';
import { call, cancelOrder, type Harness, newBuyer, pay, placeOrder, startPayments } from './support/payments-harness';

const LATENCY_MS = 1_500;

let fake: StripeFakeProbe;
let h: Harness;

beforeAll(async () => {
  fake = await startSlowStripeFakeProbe(LATENCY_MS);
  h = await startPayments(fake.url);
});

afterAll(async () => {
  await h?.stop();
  await fake?.close();
});

async function chargeOf(cookie: string, orderId: string) {
  const res = await call(h.base, 'GET', `/api/payments?orderId=${orderId}`, { cookie });
  return res.body[0];
}

/** The refund and its single ChargeRefunded, once the listener has nothing left to do. */
async function expectRefundedOnce(cookie: string, orderId: string) {
  const charge = await eventually(
    async () => {
      const c = await chargeOf(cookie, orderId);
      return c?.stripeRefundId ? c : undefined;
    },
    `charge of ${orderId} refunded`,
    { timeoutMs: 20_000 },
  );
  expect(charge).toMatchObject({
    orderId,
    status: 'completed',
    stripeId: expect.stringMatching(/^pi_/),
    stripeRefundId: expect.stringMatching(/^re_/),
  });
  const refund = await fake.sdk.refunds.retrieve(charge.stripeRefundId);
  expect(refund).toMatchObject({ payment_intent: charge.stripeId, amount: 2000, status: 'succeeded' });
  await nextEvent(h.bus, ChargeRefunded, (d) => d.orderId === orderId);
  await settled(h.bus, 'payments-order-cancelled', 20_000);
  const refunds = await eventsInStream(h.bus, ChargeRefunded, (d) => d.orderId === orderId);
  expect(refunds.map((e) => e.data)).toEqual([
    { id: charge.id, orderId, amount: 20, stripeRefundId: charge.stripeRefundId },
  ]);
  expect(
    fake.finished.filter((l) => l.path === '/v1/refunds' && l.idempotencyKey === `refund:${orderId}` && !l.replayed),
  ).toHaveLength(1);
}

describe('late charge: the order is cancelled while it is being paid', () => {
  test('When OrderCancelled is applied while the payment is at Stripe, then the payment is answered 409 and refunded once', async () => {
    const buyer = newBuyer();
    const order = await placeOrder(h.bus, buyer.userId);
    let answered = false;
    const paying = pay(h.base, buyer.cookie, order.orderId).finally(() => (answered = true));
    await eventually(
      () => fake.arrived.some((r) => r.path === '/v1/payment_intents' && r.idempotencyKey === `pay:${order.orderId}`),
      'the payment at Stripe',
    );

    await cancelOrder(h.bus, order);
    const answeredBeforeCancellation = answered;
    const res = await paying;

    expect(answeredBeforeCancellation).toBe(false);
    expect(res.status).toBe(409);
    expect(res.body.errors[0].message).toMatch(/cancelled while it was being paid/);
    await nextEvent(h.bus, ChargeCreated, (d) => d.orderId === order.orderId && d.status === 'completed');
    await expectRefundedOnce(buyer.cookie, order.orderId);
  });

  test('When the payment completes and OrderCancelled arrives after, then the listener refunds it once', async () => {
    const buyer = newBuyer();
    const order = await placeOrder(h.bus, buyer.userId);
    const res = await pay(h.base, buyer.cookie, order.orderId);
    expect(res.status).toBe(201);

    await cancelOrder(h.bus, order);

    await expectRefundedOnce(buyer.cookie, order.orderId);
    expect(await eventsInStream(h.bus, ChargeCreated, (d) => d.orderId === order.orderId)).toHaveLength(1);
  });

  test('When OrderCancelled is delivered twice after the payment, then there is still one refund', async () => {
    const buyer = newBuyer();
    const order = await placeOrder(h.bus, buyer.userId);
    expect((await pay(h.base, buyer.cookie, order.orderId)).status).toBe(201);

    await Promise.all([cancelOrder(h.bus, order, false), cancelOrder(h.bus, order, false)]);

    await expectRefundedOnce(buyer.cookie, order.orderId);
  });

  test('When the order is cancelled before the payment reaches Stripe, then 409 and nothing is charged', async () => {
    const buyer = newBuyer();
    const order = await placeOrder(h.bus, buyer.userId);
    await cancelOrder(h.bus, order);

    const res = await pay(h.base, buyer.cookie, order.orderId);

    expect(res.status).toBe(409);
    expect(fake.arrived.filter((r) => r.idempotencyKey === `pay:${order.orderId}`)).toHaveLength(0);
  });
});
