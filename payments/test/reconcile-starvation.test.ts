// DESIGN §16: no reconciliation backlog starves another. RECONCILE_ABANDONED buyers leave a 3-D Secure challenge
// unanswered (their charges wait on the buyer, their orders still payable) and the reconciliation has found them so;
// then one payment's answer is lost on the way back from Stripe (its outcome unknown to payments, the money taken).
// (Before DESIGN §16 the reconciliation read 200 unsettled charges in no order, every pass the same 200.) The unknown one must be settled within
// two reconciliation periods of its claim going quiet, however many wait on buyers; the reconciliation reads only the
// watched (live) charges, oldest looked-at first, in bounded batches.
import { eventually } from '@ticketing/testing';
import { findCharge } from '../src/models/charge';
import { ChargeWatch, NEVER_LOOKED } from '../src/models/charge-watch';
import { claimQuietMs } from '../src/stripe/stripe-client';
import { startLossyStripeFakeProbe, type StripeFakeProbe } from './support/stripe-fake-probe';
import { type Harness, newBuyer, pay, placeOrder, startPayments } from './support/payments-harness';

const ABANDONED = Number(process.env.RECONCILE_ABANDONED ?? 200);
const PERIOD_MS = 2_000;
const BATCH = 20;
const LIMITS = { timeoutMs: 2_000, networkRetries: 0 };
const QUIET_MS = claimQuietMs(LIMITS);
/** Payments sent at once while the backlog is made. */
const PARALLEL = 20;

let fake: StripeFakeProbe;
let h: Harness;
/** The order whose confirm answer is cut on its way back. */
let unknownOrderId = '';

beforeAll(async () => {
  fake = await startLossyStripeFakeProbe((req) => req.headers['idempotency-key'] === `confirm:${unknownOrderId}`);
  h = await startPayments(fake.url, {
    PAYMENTS_RECONCILE_SECONDS: String(PERIOD_MS / 1_000),
    PAYMENTS_RECONCILE_BATCH: String(BATCH),
    STRIPE_TIMEOUT_MS: String(LIMITS.timeoutMs),
    STRIPE_NETWORK_RETRIES: String(LIMITS.networkRetries),
  });
});

afterAll(async () => {
  await h?.stop();
  await fake?.close();
});

describe('reconciliation under a backlog of abandoned 3-D Secure payments', () => {
  test(`When ${ABANDONED} payments wait on their buyers, then a payment with an unknown outcome is still settled within two periods`, async () => {
    const abandoned: Array<{ orderId: string; intentId: string }> = [];
    for (let i = 0; i < ABANDONED; i += PARALLEL) {
      const wave = await Promise.all(
        Array.from({ length: Math.min(PARALLEL, ABANDONED - i) }, async () => {
          const buyer = newBuyer();
          const { orderId } = await placeOrder(h.bus, buyer.userId);
          const res = await pay(h.base, buyer.cookie, orderId, 'pm_card_authenticationRequired');
          expect(res.status).toBe(202);
          return { orderId, intentId: String(res.body.stripeId) };
        }),
      );
      abandoned.push(...wave);
    }
    // The backlog as it stands once it has built up: the reconciliation has asked Stripe about every abandoned payment
    // (and found it waiting on its buyer).
    const asked = (intentId: string) =>
      fake.finished.some((l) => l.method === 'GET' && l.path === `/v1/payment_intents/${intentId}`);
    await eventually(() => abandoned.every((a) => asked(a.intentId)), 'every abandoned payment looked at once', {
      timeoutMs: QUIET_MS + ABANDONED * 200,
      intervalMs: 250,
    });
    const buyer = newBuyer();
    unknownOrderId = (await placeOrder(h.bus, buyer.userId)).orderId;

    const res = await pay(h.base, buyer.cookie, unknownOrderId);

    expect(res.status).toBe(503);
    const claimed = await findCharge(unknownOrderId);
    expect(claimed).toMatchObject({ status: 'created', stripeId: expect.stringMatching(/^pi_/) });
    const quietAt = (claimed?.claimedAt.getTime() ?? 0) + QUIET_MS;
    const settled = await eventually(
      async () => {
        const charge = await findCharge(unknownOrderId);
        return charge?.status === 'completed' ? { charge, at: Date.now() } : undefined;
      },
      'the unknown payment settled',
      { timeoutMs: QUIET_MS + 20 * PERIOD_MS, intervalMs: 50 },
    );
    const lateMs = settled.at - quietAt;
    process.stderr.write(`${ABANDONED} abandoned: unknown payment settled ${lateMs} ms after its claim was quiet\n`);
    expect(lateMs).toBeLessThanOrEqual(2 * PERIOD_MS);
    expect(settled.charge.stripeId).toBe(claimed?.stripeId);
    // Only the live charges are watched: the settled one is gone, the waiting ones are there, each looked at.
    // (The settled charge's watch goes once its late check has run, a moment after the charge is stored completed.)
    await eventually(async () => (await ChargeWatch.findById(unknownOrderId).lean()) === null, 'the settled unwatched');
    const abandonedIds = abandoned.map((a) => a.orderId);
    const watches = await ChargeWatch.find({ _id: { $in: [...abandonedIds, unknownOrderId] } }).lean();
    expect(watches.map((w) => w._id).sort()).toEqual(abandonedIds.sort());
    expect(watches.filter((w) => w.lookedAt.getTime() === NEVER_LOOKED.getTime())).toEqual([]);
  }, 180_000);
});
