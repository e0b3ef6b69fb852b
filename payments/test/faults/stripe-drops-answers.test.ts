// Fault: the network drops Stripe's answers. The fake confirms the payment (the money moves), then the connection is
// cut before the answer leaves, for 60 % of confirm calls (and of the SDK's retry of them). payments answers those
// buyers 503 and keeps the charge `created` with its PaymentIntent id; the reconciliation asks Stripe. Some orders are
// cancelled right after their payment, so their charge must be refunded. Asserted: every charge ends completed, or
// completed and refunded when its order was cancelled, never `created`, within the reconciliation bound.
import { ChargeCreated, ChargeRefunded } from '@ticketing/common';
import { eventsInStream, eventually } from '@ticketing/testing';
import { Charge } from '../../src/models/charge';
import { claimQuietMs } from '../../src/stripe/stripe-client';
import { startLossyStripeFakeProbe, type StripeFakeProbe } from '../support/stripe-fake-probe';
import { cancelOrder, type Harness, newBuyer, pay, placeOrder, startPayments } from '../support/payments-harness';

const PAYMENTS = 20;
const RECONCILE_SECONDS = 1;
// Short calls, so that a claim is quiet (and reconciled) within seconds.
const LIMITS = { timeoutMs: 2_000, networkRetries: 1 };
const QUIET_MS = claimQuietMs(LIMITS);
let fake: StripeFakeProbe;
let h: Harness;

beforeAll(async () => {
  fake = await startLossyStripeFakeProbe((req) => (req.url ?? '').endsWith('/confirm') && Math.random() < 0.6);
  h = await startPayments(fake.url, {
    PAYMENTS_RECONCILE_SECONDS: String(RECONCILE_SECONDS),
    STRIPE_TIMEOUT_MS: String(LIMITS.timeoutMs),
    STRIPE_NETWORK_RETRIES: String(LIMITS.networkRetries),
  });
});

afterAll(async () => {
  await h?.stop();
  await fake?.close();
});

describe('fault: Stripe answers lost', () => {
  test(
    `When the answers of ${PAYMENTS} payments are dropped at random, then every charge ends completed or refunded, never created`,
    async () => {
      const placed = await Promise.all(
        Array.from({ length: PAYMENTS }, async () => {
          const buyer = newBuyer();
          return { buyer, order: await placeOrder(h.bus, buyer.userId) };
        }),
      );
      const answers = await Promise.all(placed.map(({ buyer, order }) => pay(h.base, buyer.cookie, order.orderId)));
      // A quarter of the orders are cancelled after their payment (an expiry racing it): their money must come back.
      const cancelled = placed.filter((_, i) => i % 4 === 0).map(({ order }) => order);
      for (const order of cancelled) await cancelOrder(h.bus, order);
      const cancelledIds = new Set(cancelled.map((order) => order.orderId));
      const started = Date.now();

      const orderIds = placed.map(({ order }) => order.orderId);
      const charges = await eventually(
        async () => {
          const docs = await Charge.find({ _id: { $in: orderIds } }).lean();
          const done = docs.filter(
            (c) =>
              c.status === 'completed' &&
              !c.lateCheckPending &&
              (c.stripeRefundId !== undefined) === cancelledIds.has(c._id),
          );
          return done.length === PAYMENTS ? docs : null;
        },
        'every charge completed, and refunded where its order was cancelled',
        { timeoutMs: QUIET_MS + 20_000, intervalMs: 500 },
      );
      const settledInMs = Date.now() - started;

      const statuses = answers.map((a) => a.status);
      process.stderr.write(
        `stripe answers dropped: ${statuses.filter((s) => s === 503).length} of ${PAYMENTS} buyers got 503; all settled ${settledInMs} ms after the payments\n`,
      );
      expect(statuses.every((s) => s === 201 || s === 409 || s === 503)).toBe(true);
      expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
      expect(charges.filter((c) => c.status === 'created')).toEqual([]);
      const completedEvents = await eventsInStream(h.bus, ChargeCreated, (d) => orderIds.includes(d.orderId));
      expect(completedEvents.filter((e) => e.data.status === 'completed')).toHaveLength(PAYMENTS);
      const refunds = await eventsInStream(h.bus, ChargeRefunded, (d) => orderIds.includes(d.orderId));
      expect(refunds.map((e) => e.data.orderId).sort()).toEqual(cancelled.map((o) => o.orderId).sort());
    },
    QUIET_MS + 60_000,
  );
});
