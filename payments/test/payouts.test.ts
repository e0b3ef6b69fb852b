// DESIGN §12, seller payouts: onboarding with Connect Express, the payouts JSON, one transfer per sale with the
// platform's fee, held payouts released once when the seller is enabled, disputes, and the Stripe webhooks (signature,
// duplicates, out of order, lost). payments runs in this process against the Stripe fake, which delivers webhooks to
// it; events start a second after the sale and PAYOUT_DELAY_SECONDS is 0, so payouts fall due at once.
import { ChargeDisputed, ChargeRefunded } from '@ticketing/common';
import { eventsInStream, eventually, sampleSum } from '@ticketing/testing';
import Stripe from 'stripe';
import { Charge } from '../src/models/charge';
import { Payout } from '../src/models/payout';
import { startLossyStripeFakeProbe, type StripeFakeProbe, TEST_STRIPE_KEY } from './support/stripe-fake-probe';
import {
  call,
  type Harness,
  newBuyer,
  pay,
  placeOrder,
  startPayments,
  TEST_CONNECT_WEBHOOK_SECRET,
  TEST_WEBHOOK_SECRET,
} from './support/payments-harness';
import {
  completeOnboarding,
  deliverWebhooksTo,
  enabledSeller,
  expectMoneyConserved,
  fakeControl,
  moneyOf,
  payoutWhen,
  sell,
  startOnboarding,
} from './support/payouts-harness';

const CLIENT_URL = 'http://client.test:8080';
let fake: StripeFakeProbe;
let h: Harness;
const signer = new Stripe(TEST_STRIPE_KEY);
/** Whether the fake's answers to confirm calls are cut (the charge happens; payments never hears of it). */
let dropConfirms = false;

beforeAll(async () => {
  fake = await startLossyStripeFakeProbe((req) => dropConfirms && (req.url ?? '').endsWith('/confirm'));
  h = await startPayments(fake.url, {
    // The charges' reconciliation runs at start only: what settles a charge here is its webhook.
    PAYMENTS_RECONCILE_SECONDS: '3600',
    PAYOUT_DELAY_SECONDS: '0',
    PLATFORM_FEE_BPS: '1000',
    PAYOUTS_INTERVAL_SECONDS: '1',
    STRIPE_TIMEOUT_MS: '1000',
    STRIPE_NETWORK_RETRIES: '0',
    CLIENT_URL,
  });
  await deliverWebhooksTo(fake.url, h.base);
});

afterAll(async () => {
  await h?.stop();
  await fake?.close();
});

afterEach(async () => {
  dropConfirms = false;
  await fakeControl(fake.url, 'POST', '/_fake/webhooks', { drop: false, duplicate: false, paused: false });
});

/** Requests the fake ran (not replays) for `path` with `key`. */
const ranAtStripe = (method: string, path: string | RegExp, key?: string) =>
  fake.finished.filter(
    (l) =>
      l.method === method &&
      (typeof path === 'string' ? l.path === path : path.test(l.path)) &&
      (key === undefined || l.idempotencyKey === key) &&
      !l.replayed &&
      l.status === 200,
  ).length;

/** The id of the charge (`ch_…`) behind an order's PaymentIntent. */
async function chargeIdOf(stripeId: string): Promise<string> {
  const intent = await fake.sdk.paymentIntents.retrieve(stripeId);
  return intent.latest_charge as string;
}

const payoutsOf = (cookie: string, query = '') => call(h.base, 'GET', `/api/payments/payouts${query}`, { cookie });

describe('POST /api/payments/payouts/account', () => {
  test('When called without a session, then 401', async () => {
    const res = await call(h.base, 'POST', '/api/payments/payouts/account', { body: {} });

    expect(res.status).toBe(401);
    expect(res.body.errors[0].message).toEqual(expect.any(String));
  });

  test('When a seller calls it twice at once, then one Express account is made and each call gets a fresh link', async () => {
    const seller = newBuyer();

    const [a, b] = await Promise.all([startOnboarding(h.base, seller), startOnboarding(h.base, seller)]);
    const c = await startOnboarding(h.base, seller);

    expect(new Set([a, b, c]).size).toBe(3);
    expect(ranAtStripe('POST', '/v1/accounts', `account:${seller.userId}`)).toBe(1);
    const linkId = new URL(c).pathname.split('/').pop() ?? '';
    await fakeControl(fake.url, 'POST', `/_fake/account_links/${linkId}/expire`);
    const expired = await fetch(c, { redirect: 'manual' });
    expect(expired.headers.get('location')).toBe(`${CLIENT_URL}/payouts/refresh`);
    const done = await completeOnboarding(a);
    expect(done.headers.get('location')).toBe(`${CLIENT_URL}/payouts`);
    expect((await payoutsOf(seller.cookie)).body.account).toEqual({ status: 'enabled' });
  });
});

describe('GET /api/payments/payouts', () => {
  test('When called without a session or with a bad page, then 401 or 400 naming the parameter', async () => {
    const seller = newBuyer();

    const anonymous = await call(h.base, 'GET', '/api/payments/payouts');
    const bad = await payoutsOf(seller.cookie, '?limit=0');

    expect(anonymous.status).toBe(401);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('limit');
  });

  test('When a seller sells before onboarding, then the payout is held, released once enabled, and paid less the fee', async () => {
    const seller = newBuyer();
    expect((await payoutsOf(seller.cookie)).body).toEqual({
      account: { status: 'none' },
      payouts: [],
      totals: { held: 0, scheduled: 0, paid: 0, reversed: 0, lost: 0 },
    });

    // $20.99: the fee is floor(2099 × 1000 / 10,000) = 209 cents, the seller gets 1890.
    const sale = await sell(h, seller, { price: 20.99 });
    await payoutWhen(sale.orderId, (p) => p.state === 'held', 'held');
    const onboardingUrl = await startOnboarding(h.base, seller);
    const held = await payoutsOf(seller.cookie);
    expect(held.body).toEqual({
      account: { status: 'pending' },
      payouts: [
        {
          orderId: sale.orderId,
          gross: 20.99,
          fee: 2.09,
          amount: 18.9,
          state: 'held',
          scheduledFor: expect.any(String),
        },
      ],
      totals: { held: 18.9, scheduled: 0, paid: 0, reversed: 0, lost: 0 },
    });
    const metrics = await (await fetch(`${h.base}/metrics`)).text();
    expect(sampleSum(metrics, 'ticketing_payouts_held')).toBe(await Payout.countDocuments({ state: 'held' }));
    expect(sampleSum(metrics, 'ticketing_payouts_held')).toBeGreaterThanOrEqual(1);

    await completeOnboarding(onboardingUrl);
    const paid = await payoutWhen(sale.orderId, (p) => p.state === 'paid', 'paid');

    const answer = await payoutsOf(seller.cookie);
    expect(answer.body).toEqual({
      account: { status: 'enabled' },
      payouts: [
        { orderId: sale.orderId, gross: 20.99, fee: 2.09, amount: 18.9, state: 'paid', paidAt: expect.any(String) },
      ],
      totals: { held: 0, scheduled: 0, paid: 18.9, reversed: 0, lost: 0 },
    });
    const transfers = await fake.sdk.transfers.list({ transfer_group: sale.orderId });
    expect(transfers.data).toHaveLength(1);
    expect(transfers.data[0]).toMatchObject({
      id: paid.transferId,
      amount: 1890,
      currency: 'usd',
      source_transaction: await chargeIdOf(sale.stripeId),
      transfer_group: sale.orderId,
    });
    const intent = await fake.sdk.paymentIntents.retrieve(sale.stripeId);
    expect(intent.transfer_group).toBe(sale.orderId);
  });

  test('When a seller has more payouts than a page, then pages follow `next` and the totals cover them all', async () => {
    const seller = await enabledSeller(h.base);
    const sales = [];
    for (const price of [10, 11, 12]) sales.push(await sell(h, seller, { price, startsInMs: 3_600_000 }));

    const first = await payoutsOf(seller.cookie, '?limit=2');
    const second = await payoutsOf(seller.cookie, `?limit=2&before=${first.body.next}`);

    const newestFirst = sales.map((s) => s.orderId).reverse();
    expect(first.body.payouts.map((p: { orderId: string }) => p.orderId)).toEqual(newestFirst.slice(0, 2));
    expect(second.body.payouts.map((p: { orderId: string }) => p.orderId)).toEqual(newestFirst.slice(2));
    expect(second.body.next).toBeUndefined();
    // 9.00 + 9.90 + 10.80
    expect(first.body.totals).toEqual({ held: 0, scheduled: 29.7, paid: 0, reversed: 0, lost: 0 });
  });
});

describe('Stripe webhooks', () => {
  test('When the answer to a payment is lost, then its payment_intent.succeeded webhook completes the charge at once', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId, 12);
    dropConfirms = true;

    const res = await pay(h.base, buyer.cookie, orderId);

    expect(res.status).toBe(503);
    const charge = await eventually(
      async () => {
        const doc = await Charge.findById(orderId).lean();
        return doc?.status === 'completed' ? doc : null;
      },
      'the charge completed by the webhook',
      { timeoutMs: 5_000, intervalMs: 50 },
    );
    expect(charge.stripeId).toMatch(/^pi_/);
    const { deliveries } = (await fakeControl(fake.url, 'GET', '/_fake/webhooks')) as {
      deliveries: Array<{ type: string; status: number }>;
    };
    expect(deliveries.some((d) => d.type === 'payment_intent.succeeded' && d.status === 200)).toBe(true);
  });

  test('When a delivery is unsigned, signed with another secret or stale, then 400 on both endpoints and nothing changes', async () => {
    const seller = await enabledSeller(h.base);
    const sale = await sell(h, seller, { startsInMs: 3_600_000 });
    const payload = JSON.stringify({
      id: 'evt_forged',
      object: 'event',
      type: 'charge.dispute.created',
      data: { object: { id: 'dp_forged', object: 'dispute', amount: 2000, payment_intent: sale.stripeId } },
    });
    const post = (path: string, signature?: string) =>
      fetch(`${h.base}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature !== undefined && { 'stripe-signature': signature }),
        },
        body: payload,
      });
    const stale = Math.floor(Date.now() / 1000) - 600;

    const answers = await Promise.all(
      ['/api/payments/stripe/webhook', '/api/payments/stripe/connect-webhook'].flatMap((path) => [
        post(path),
        post(path, signer.webhooks.generateTestHeaderString({ payload, secret: 'whsec_not_ours' })),
        post(
          path,
          signer.webhooks.generateTestHeaderString({ payload, secret: TEST_WEBHOOK_SECRET, timestamp: stale }),
        ),
        post(
          path,
          signer.webhooks.generateTestHeaderString({ payload, secret: TEST_CONNECT_WEBHOOK_SECRET, timestamp: stale }),
        ),
      ]),
    );

    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(((await res.json()) as { errors: unknown[] }).errors).toEqual([
        { message: expect.any(String), field: 'Stripe-Signature' },
      ]);
    }
    expect((await Charge.findById(sale.orderId).lean())?.stripeDisputeId).toBeUndefined();
    expect((await Payout.findById(sale.orderId).lean())?.state).toBe('scheduled');
  });

  test('When a dispute follows the transfer and its webhooks come twice and out of order, then one reversal and one ChargeDisputed', async () => {
    const seller = await enabledSeller(h.base);
    const sale = await sell(h, seller, { price: 30 });
    const paid = await payoutWhen(sale.orderId, (p) => p.state === 'paid', 'paid');
    await fakeControl(fake.url, 'POST', '/_fake/webhooks', { duplicate: true, paused: true, order: 'reverse' });

    const dispute = await fakeControl(fake.url, 'POST', `/_fake/charges/${await chargeIdOf(sale.stripeId)}/dispute`);
    await fakeControl(fake.url, 'POST', '/_fake/webhooks', { paused: false });

    const reversed = await payoutWhen(sale.orderId, (p) => p.state === 'reversed', 'reversed');
    expect(reversed).toMatchObject({ transferId: paid.transferId, undoneReason: 'disputed' });
    const disputed = await eventually(async () => {
      const found = await eventsInStream(h.bus, ChargeDisputed, (d) => d.orderId === sale.orderId);
      return found.length > 0 ? found : undefined;
    }, 'ChargeDisputed');
    const charge = await Charge.findById(sale.orderId).lean();
    expect(disputed.map((e) => e.data)).toEqual([
      { id: charge?.chargeId, orderId: sale.orderId, amount: 30, stripeDisputeId: dispute?.id },
    ]);
    expect(ranAtStripe('POST', `/v1/transfers/${paid.transferId}/reversals`)).toBe(1);
    const { deliveries } = (await fakeControl(fake.url, 'GET', '/_fake/webhooks')) as {
      deliveries: Array<{ eventId: string; type: string; status: number }>;
    };
    const disputeDeliveries = deliveries.filter((d) => d.type === 'charge.dispute.created' && d.status === 200);
    expect(disputeDeliveries.length).toBeGreaterThanOrEqual(2);
    const answer = await payoutsOf(seller.cookie);
    expect(answer.body.payouts[0]).toMatchObject({ orderId: sale.orderId, state: 'reversed' });
  });

  test('When a dispute comes before the payout is due, then no transfer is ever made', async () => {
    const seller = await enabledSeller(h.base);
    const sale = await sell(h, seller, { startsInMs: 1_500 });

    await fakeControl(fake.url, 'POST', `/_fake/charges/${await chargeIdOf(sale.stripeId)}/dispute`);

    const voided = await payoutWhen(sale.orderId, (p) => p.state === 'void', 'void');
    expect(voided.undoneReason).toBe('disputed');
    // Well past the event's start: still no transfer.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await fake.sdk.transfers.list({ transfer_group: sale.orderId })).data).toEqual([]);
    expect((await Payout.findById(sale.orderId).lean())?.state).toBe('void');
  });

  test("When charges are refunded in Stripe's dashboard and charge.refunded comes twice, then each refund is recorded once, the payout not yet transferred is voided and the transferred one reversed once", async () => {
    const seller = await enabledSeller(h.base);
    const notYet = await sell(h, seller, { price: 40, startsInMs: 3_600_000 });
    const transferred = await sell(h, seller, { price: 30 });
    const paid = await payoutWhen(transferred.orderId, (p) => p.state === 'paid', 'paid');
    await fakeControl(fake.url, 'POST', '/_fake/webhooks', { duplicate: true });

    const refunds = [];
    for (const sale of [notYet, transferred]) {
      refunds.push(await fakeControl(fake.url, 'POST', `/_fake/charges/${await chargeIdOf(sale.stripeId)}/refund`));
    }

    // Both deliveries of both events answered: whatever the second ones would have changed has been changed.
    await eventually(async () => {
      const { deliveries } = (await fakeControl(fake.url, 'GET', '/_fake/webhooks')) as {
        deliveries: Array<{ type: string; status: number }>;
      };
      return deliveries.filter((d) => d.type === 'charge.refunded' && d.status === 200).length >= 4;
    }, 'charge.refunded delivered twice for each refund');
    const voided = await payoutWhen(notYet.orderId, (p) => p.state === 'void', 'void');
    const reversed = await payoutWhen(transferred.orderId, (p) => p.state === 'reversed', 'reversed');
    expect(voided.undoneReason).toBe('refunded');
    expect(reversed).toMatchObject({ transferId: paid.transferId, undoneReason: 'refunded' });
    expect(ranAtStripe('POST', `/v1/transfers/${paid.transferId}/reversals`)).toBe(1);
    expect((await fake.sdk.transfers.list({ transfer_group: notYet.orderId })).data).toEqual([]);
    expect(ranAtStripe('GET', '/v1/refunds')).toBeGreaterThanOrEqual(2);
    for (const [sale, payout, refund] of [
      [notYet, voided, refunds[0]],
      [transferred, reversed, refunds[1]],
    ] as const) {
      const listed = await call(h.base, 'GET', `/api/payments?orderId=${sale.orderId}`, { cookie: sale.buyer.cookie });
      expect(listed.body).toEqual([
        expect.objectContaining({ status: 'completed', stripeRefundId: refund?.id, refundReason: 'Refunded' }),
      ]);
      // Published through the charge's outbox, just after its write.
      const published = await eventually(async () => {
        const found = await eventsInStream(h.bus, ChargeRefunded, (d) => d.orderId === sale.orderId);
        return found.length > 0 ? found : undefined;
      }, 'ChargeRefunded');
      expect(published.map((e) => e.data.stripeRefundId)).toEqual([refund?.id]);
      expectMoneyConserved(await moneyOf(fake.sdk, sale, payout));
    }
  });

  test("When part of a charge is refunded in Stripe's dashboard, then the sale stands until the rest is refunded too, and then it is undone once", async () => {
    const seller = await enabledSeller(h.base);
    const sale = await sell(h, seller, { price: 40, startsInMs: 3_600_000 });
    const charge = await chargeIdOf(sale.stripeId);

    await fakeControl(fake.url, 'POST', `/_fake/charges/${charge}/refund`, { amount: 500 });
    await eventually(async () => {
      const { deliveries } = (await fakeControl(fake.url, 'GET', '/_fake/webhooks')) as {
        deliveries: Array<{ type: string; status: number }>;
      };
      return deliveries.some((d) => d.type === 'charge.refunded' && d.status === 200);
    }, 'the partial refund delivered');
    expect((await Charge.findById(sale.orderId).lean())?.stripeRefundId).toBeUndefined();
    expect((await Payout.findById(sale.orderId).lean())?.state).toBe('scheduled');
    const rest = await fakeControl(fake.url, 'POST', `/_fake/charges/${charge}/refund`);

    const voided = await payoutWhen(sale.orderId, (p) => p.state === 'void', 'void');
    expect((await Charge.findById(sale.orderId).lean())?.stripeRefundId).toBe(rest?.id);
    expectMoneyConserved(await moneyOf(fake.sdk, sale, voided));
  });

  test('When every webhook is lost, then the backstop enables the seller and releases each held payout once', async () => {
    await fakeControl(fake.url, 'POST', '/_fake/webhooks', { drop: true });
    const seller = newBuyer();
    const sales = [];
    for (const price of [15, 25]) sales.push(await sell(h, seller, { price }));
    const onboardingUrl = await startOnboarding(h.base, seller);

    await completeOnboarding(onboardingUrl);

    for (const sale of sales) await payoutWhen(sale.orderId, (p) => p.state === 'paid', 'paid by the backstop');
    for (const sale of sales) {
      expect((await fake.sdk.transfers.list({ transfer_group: sale.orderId })).data).toHaveLength(1);
      expect(ranAtStripe('POST', '/v1/transfers', `transfer:${sale.orderId}`)).toBe(1);
    }
  });
});
