// DESIGN §16: a charge is recorded as failed only when Stripe can no longer take the money, and a claim's quiet time
// covers every Stripe call of the claim. A proxy between payments and the Stripe fake holds the confirm of a payment
// (a slow network): the SDK gives up on it (503 to the buyer), the order expires, and the reconciliation takes the
// charge over once its claim is quiet; only then does the held confirm reach Stripe, as a real confirm still runs at
// Stripe after its caller timed out. Either the reconciliation's cancel reaches Stripe first (nothing is charged), or
// the confirm does (the money is taken, and refunded once the order's cancellation arrives).
import { ChargeCreated, ChargeRefunded } from '@ticketing/common';
import { eventsInStream, eventually, nextEvent } from '@ticketing/testing';
import { findCharge } from '../src/models/charge';
import { claimQuietMs } from '../src/stripe/stripe-client';
import { type HoldingProxy, type ProxiedRequest, startHoldingProxy } from './support/holding-proxy';
import { startStripeFakeProbe, type StripeFakeProbe } from './support/stripe-fake-probe';
import { call, cancelOrder, type Harness, newBuyer, pay, placeOrder, startPayments } from './support/payments-harness';

// One attempt of a second and no retry: the buyer's request gives up on the held confirm quickly, and a claim is quiet
// after three such calls (and the slack), a few seconds.
const LIMITS = { timeoutMs: 1_000, networkRetries: 0 };
/** What a claim can spend at Stripe: create, confirm and retrieve, each up to its timeout. */
const CLAIM_CALLS_MS = 3 * LIMITS.timeoutMs;
const QUIET_MS = claimQuietMs(LIMITS);
/** The order is payable this long: it has expired well before its charge's claim is quiet. */
const EXPIRES_IN_MS = 1_500;

let fake: StripeFakeProbe;
let proxy: HoldingProxy;
let h: Harness;
/** Whether the held confirm is sent on just before the reconciliation's cancel (the payment lands first). */
let confirmLandsFirst = false;

const isConfirm = (r: ProxiedRequest) => r.method === 'POST' && r.path.endsWith('/confirm');
const isCancel = (r: ProxiedRequest) => r.method === 'POST' && r.path.endsWith('/cancel');

beforeAll(async () => {
  fake = await startStripeFakeProbe();
  proxy = await startHoldingProxy(fake.url, {
    hold: isConfirm,
    beforeForward: async (r) => {
      if (confirmLandsFirst && isCancel(r)) await proxy.releaseHeld();
    },
  });
  h = await startPayments(proxy.url, {
    PAYMENTS_RECONCILE_SECONDS: '1',
    STRIPE_TIMEOUT_MS: String(LIMITS.timeoutMs),
    STRIPE_NETWORK_RETRIES: String(LIMITS.networkRetries),
  });
});

afterAll(async () => {
  await h?.stop();
  await proxy?.close();
  await fake?.close();
});

/**
 * Pays an order that expires soon while its confirm is held: the buyer gets 503; then waits until the reconciliation
 * has decided (it asked Stripe to cancel, or it stored an outcome) and lets the held confirm reach Stripe.
 */
async function payWhileTheConfirmIsHeld(cookie: string, order: { orderId: string }) {
  const res = await pay(h.base, cookie, order.orderId);
  expect(res.status).toBe(503);
  const claimed = await findCharge(order.orderId);
  expect(claimed).toMatchObject({ status: 'created', stripeId: expect.stringMatching(/^pi_/) });
  const intentId = claimed?.stripeId ?? '';
  await eventually(
    async () =>
      proxy.requests.some((r) => isCancel(r) && r.path.includes(intentId)) ||
      (await findCharge(order.orderId))?.status !== 'created',
    'the reconciliation took the charge over',
    { timeoutMs: QUIET_MS + 10_000 },
  );
  await proxy.releaseHeld();
  const cancel = proxy.requests.find((r) => isCancel(r) && r.path.includes(intentId));
  return { intentId, claimedAt: claimed?.claimedAt.getTime() ?? 0, cancel };
}

async function chargeOf(cookie: string, orderId: string) {
  return (await call(h.base, 'GET', `/api/payments?orderId=${orderId}`, { cookie })).body[0];
}

describe('a confirm that reaches Stripe after the reconciliation has looked', () => {
  test('When the reconciliation cancels first, then the late confirm is refused: failed, and nothing was charged', async () => {
    confirmLandsFirst = false;
    const buyer = newBuyer();
    const order = await placeOrder(h.bus, buyer.userId, 20, EXPIRES_IN_MS);

    const { intentId, claimedAt, cancel } = await payWhileTheConfirmIsHeld(buyer.cookie, order);

    const intent = await fake.sdk.paymentIntents.retrieve(intentId);
    expect(intent).toMatchObject({ status: 'canceled', amount_received: 0 });
    // The cancel has reached Stripe; its answer may still be on its way to payments, which then stores `failed`.
    await eventually(
      async () => (await chargeOf(buyer.cookie, order.orderId))?.status !== 'created',
      'the charge settled',
    );
    expect(await chargeOf(buyer.cookie, order.orderId)).toMatchObject({ status: 'failed', stripeId: intentId });
    expect(proxy.requests.find((r) => isConfirm(r) && r.path.includes(intentId))?.status).toBe(400);
    // The claim's quiet time covered the claim's three possible calls, not one.
    expect((cancel?.arrivedAt ?? 0) - claimedAt).toBeGreaterThanOrEqual(CLAIM_CALLS_MS);
  }, 30_000);

  test('When the confirm lands just before the cancel, then the charge completes, never failed, and is refunded', async () => {
    confirmLandsFirst = true;
    const buyer = newBuyer();
    const order = await placeOrder(h.bus, buyer.userId, 20, EXPIRES_IN_MS);

    const { intentId } = await payWhileTheConfirmIsHeld(buyer.cookie, order);
    await nextEvent(h.bus, ChargeCreated, (d) => d.orderId === order.orderId);
    // Orders has expired the order meanwhile; its cancellation reaches payments.
    await cancelOrder(h.bus, order);

    const refunded = await eventually(
      async () => {
        const charge = await chargeOf(buyer.cookie, order.orderId);
        return charge?.stripeRefundId ? charge : undefined;
      },
      'the late payment refunded',
      { timeoutMs: 15_000 },
    );
    expect(refunded).toMatchObject({ status: 'completed', stripeId: intentId });
    expect(await fake.sdk.refunds.retrieve(refunded.stripeRefundId)).toMatchObject({
      payment_intent: intentId,
      amount: 2000,
      status: 'succeeded',
    });
    const outcomes = await eventsInStream(h.bus, ChargeCreated, (d) => d.orderId === order.orderId);
    expect(outcomes.map((e) => e.data.status)).toEqual(['completed']);
    expect(await eventsInStream(h.bus, ChargeRefunded, (d) => d.orderId === order.orderId)).toHaveLength(1);
  }, 30_000);
});
