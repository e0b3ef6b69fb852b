// Webhook delivery from the fake: Stripe's Event objects, signed so that the SDK's own constructEvent accepts them,
// sent to the platform's and the Connect endpoint, retried with backoff, and the faults receivers must survive
// (lost, duplicated, out-of-order). Disputes arrive this way too. Retries here wait tens of milliseconds, not hours.
import Stripe from 'stripe';
import { type RunningStripeFake, startStripeFake, type StripeFakeControls, stripeFakeControls } from '../src/index';
import { createSellerAccount, onboardingLink, paidOrder, submitOnboarding } from './support/connect-calls';
import { payOrder, refundPayment } from './support/payment-calls';
import { newKey, newOrderId, stripeAt, thrown } from './support/stripe-client';
import { type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

const PLATFORM_SECRET = 'whsec_platformTestSecret0000000000';
const CONNECT_SECRET = 'whsec_connectTestSecret00000000000';

let fake: RunningStripeFake;
let stripe: Stripe;
let controls: StripeFakeControls;
let platform: WebhookReceiver;
let connect: WebhookReceiver;

beforeAll(async () => {
  [platform, connect] = await Promise.all([startWebhookReceiver(), startWebhookReceiver()]);
  fake = await startStripeFake({
    webhooks: {
      platform: { url: platform.url, secret: PLATFORM_SECRET },
      connect: { url: connect.url, secret: CONNECT_SECRET },
      retryBaseMs: 20,
      maxAttempts: 3,
    },
    disputeDelayMs: 20,
  });
  stripe = stripeAt(fake.url);
  controls = stripeFakeControls(fake.url);
});

afterAll(async () => {
  await fake.close();
  await Promise.all([platform.close(), connect.close()]);
});

// Each test starts from empty logs and the default delivery (no faults).
beforeEach(async () => {
  await controls.configureWebhooks({ paused: false, drop: false, duplicate: false, order: 'in_order' });
  await controls.clearDeliveries();
  platform.received.length = 0;
  connect.received.length = 0;
  platform.answers.length = 0;
});

const pay = (paymentMethod = 'pm_card_visa') =>
  payOrder(stripe, { orderId: newOrderId(), amount: 2000, paymentMethod, idempotencyKey: newKey('pay') });

/** The delivery of the event of this type: concurrent deliveries may arrive in either order, as from Stripe. */
const ofType = (received: ReceivedWebhook[], type: string): ReceivedWebhook => {
  const found = received.find((delivery) => delivery.event.type === type);
  if (found === undefined) throw new Error(`no ${type} among ${received.map((r) => r.event.type).join(', ')}`);
  return found;
};

/** The event as the SDK's constructEvent reads it from what the endpoint received: it throws on a bad signature. */
const verified = (received: { rawBody: string; signature: string }, secret = PLATFORM_SECRET) =>
  stripe.webhooks.constructEvent(received.rawBody, received.signature, secret);

describe('events and their signatures', () => {
  test("When a payment succeeds, then payment_intent.succeeded reaches the platform endpoint, signed as the SDK's constructEvent expects", async () => {
    const intent = await pay();

    const [received] = await platform.waitFor(1);
    const event = verified(received ?? { rawBody: '', signature: '' });

    expect(event).toMatchObject({
      object: 'event',
      type: 'payment_intent.succeeded',
      livemode: false,
      pending_webhooks: 1,
      api_version: expect.any(String) as string,
      request: { id: intent.lastResponse.requestId, idempotency_key: expect.stringMatching(/^pay:/) as string },
      data: { object: { id: intent.id, status: 'succeeded' } },
    });
    expect(event.id).toMatch(/^evt_/);
    expect(received?.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(() => verified(received ?? { rawBody: '', signature: '' }, 'whsec_wrong')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(await stripe.events.retrieve(event.id)).toMatchObject({ id: event.id, type: 'payment_intent.succeeded' });
  });

  test('When a card is declined and a payment is refunded, then payment_intent.payment_failed and charge.refunded arrive', async () => {
    await thrown(() => pay('pm_card_chargeDeclined'));
    const paid = await pay();
    await refundPayment(stripe, paid.id, newKey('refund'));

    const types = (await platform.waitFor(3)).map((received) => verified(received).type);

    expect(types.sort()).toEqual(['charge.refunded', 'payment_intent.payment_failed', 'payment_intent.succeeded']);
    const refunded = verified(ofType(platform.received, 'charge.refunded'));
    expect(refunded.data.object).toMatchObject({ object: 'charge', refunded: true, amount_refunded: 2000 });
  });

  test('When a seller completes onboarding, then account.updated reaches the Connect endpoint with the account, signed with its secret', async () => {
    const account = await createSellerAccount(stripe);
    await submitOnboarding((await onboardingLink(stripe, account.id)).url);

    const [received] = await connect.waitFor(1);
    const event = verified(received ?? { rawBody: '', signature: '' }, CONNECT_SECRET);

    expect(event).toMatchObject({
      type: 'account.updated',
      account: account.id,
      data: {
        object: { id: account.id, payouts_enabled: true, capabilities: { transfers: 'active' } },
        previous_attributes: { payouts_enabled: false, capabilities: { transfers: 'inactive' } },
      },
    });
    expect(platform.received.filter((r) => r.event.type === 'account.updated')).toEqual([]);
  });
});

describe('disputes', () => {
  test('When pm_card_createDispute pays, then the payment succeeds and a dispute follows: the charge is disputed and charge.dispute.created arrives', async () => {
    const intent = await pay('pm_card_createDispute');

    const received = await platform.waitFor(2);
    const disputed = verified(ofType(received, 'charge.dispute.created'));
    const dispute = disputed.data.object as Stripe.Dispute;

    expect(intent.status).toBe('succeeded');
    expect(disputed.type).toBe('charge.dispute.created');
    expect(dispute).toMatchObject({
      object: 'dispute',
      charge: intent.latest_charge,
      payment_intent: intent.id,
      amount: 2000,
      status: 'needs_response',
    });
    expect(dispute.id).toMatch(/^dp_/);
    expect(await stripe.disputes.retrieve(dispute.id)).toMatchObject({ id: dispute.id, charge: intent.latest_charge });
    expect((await stripe.charges.retrieve(String(intent.latest_charge))).disputed).toBe(true);
    const refund = await thrown(() => refundPayment(stripe, intent.id, newKey('refund')));
    expect(refund).toMatchObject({ statusCode: 400, code: 'charge_disputed' });
  });

  test('When a test control disputes a charge, then the dispute opens at once, and only once', async () => {
    const { charge } = await paidOrder(stripe);

    const dispute = await controls.dispute(charge);
    const again = controls.dispute(charge);

    expect(dispute).toMatchObject({ charge });
    await expect(again).rejects.toThrow(/409/);
    const received = await platform.waitFor(2);
    expect(received.map((r) => r.event.type).sort()).toEqual(['charge.dispute.created', 'payment_intent.succeeded']);
  });
});

describe('refunds made in the dashboard', () => {
  test('When a test control refunds part and then the rest of a charge, then each is a refund of its own, charge.refunded arrives for each with no request, and a third is refused', async () => {
    const { charge } = await paidOrder(stripe);

    const part = await controls.refund(charge, 500);
    const rest = await controls.refund(charge);
    const third = controls.refund(charge);

    expect(part).toMatchObject({ object: 'refund', amount: 500, charge, status: 'succeeded' });
    expect(rest).toMatchObject({ amount: 1500, charge });
    await expect(third).rejects.toThrow(/409.*already been refunded/);
    await expect(controls.refund(charge, 0)).rejects.toThrow(/400/);
    const refunded = (await platform.waitFor(3))
      .filter((received) => received.event.type === 'charge.refunded')
      .map((received) => verified(received));
    expect(refunded.map((event) => event.request)).toEqual([
      { id: null, idempotency_key: null },
      { id: null, idempotency_key: null },
    ]);
    expect(refunded.map((event) => (event.data.object as Stripe.Charge).amount_refunded).sort()).toEqual([2000, 500]);
    const listed = await stripe.refunds.list({ charge });
    expect(listed.data.map((refund) => refund.id)).toEqual([rest.id, part.id]);
  });
});

describe('retries and delivery faults', () => {
  test('When the settings are not valid, then the control refuses them naming the field and changes nothing', async () => {
    const response = await fetch(`${fake.url}/_fake/webhooks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ order: 'sideways', drop: true }),
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ field: 'order' }] });
    await pay();
    expect(await platform.waitFor(1)).toHaveLength(1);
  });

  test('When the endpoint fails twice, then the event is retried with backoff until it is accepted', async () => {
    platform.answers.push(500, 503);

    const started = Date.now();
    await pay();
    const received = await platform.waitFor(3);

    expect(new Set(received.map((r) => r.event.id)).size).toBe(1);
    // 20 ms then 40 ms between attempts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    const attempts = await controls.deliveries();
    expect(attempts.map((d) => [d.attempt, d.status, d.outcome])).toEqual([
      [1, 500, 'failed'],
      [2, 503, 'failed'],
      [3, 200, 'delivered'],
    ]);
  });

  test('When the endpoint cannot be reached, then each attempt is logged and the delivery is given up after the last one', async () => {
    await controls.configureWebhooks({ platform: { url: 'http://127.0.0.1:9/unreachable', secret: PLATFORM_SECRET } });
    try {
      await pay();
      const deadline = Date.now() + 3_000;
      while (!(await controls.deliveries()).some((d) => d.outcome === 'gave_up') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }

      const attempts = await controls.deliveries();
      expect(attempts.map((d) => [d.attempt, d.status, d.outcome])).toEqual([
        [1, null, 'failed'],
        [2, null, 'failed'],
        [3, null, 'gave_up'],
      ]);
      expect(attempts[0]?.error).toBeTruthy();
    } finally {
      await controls.configureWebhooks({ platform: { url: platform.url, secret: PLATFORM_SECRET } });
    }
  });

  test('When delivery drops, then events are logged as dropped and never sent, though they exist', async () => {
    await controls.configureWebhooks({ drop: true });

    const intent = await pay();
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(platform.received).toEqual([]);
    const [dropped] = await controls.deliveries();
    expect(dropped).toMatchObject({ type: 'payment_intent.succeeded', outcome: 'dropped' });
    expect(await stripe.events.retrieve(dropped?.eventId ?? '')).toMatchObject({ data: { object: { id: intent.id } } });
  });

  test('When delivery duplicates, then every event arrives twice with the same id', async () => {
    await controls.configureWebhooks({ duplicate: true });

    await pay();
    const received = await platform.waitFor(2);

    expect(received[0]?.event.id).toBe(received[1]?.event.id);
    expect(received.map((r) => verified(r).type)).toEqual(['payment_intent.succeeded', 'payment_intent.succeeded']);
  });

  test('When delivery is paused and resumed in reverse, then held events arrive late and in reverse order', async () => {
    await controls.configureWebhooks({ paused: true, order: 'reverse' });
    const first = await pay();
    const second = await pay();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(platform.received).toEqual([]);

    await controls.configureWebhooks({ paused: false });
    const received = await platform.waitFor(2);

    expect(received.map((r) => r.event.data.object['id'])).toEqual([second.id, first.id]);
  });

  test('When the endpoint is slow, then the API answer does not wait for the webhook', async () => {
    const slow = await startWebhookReceiver();
    const hold = new Promise<void>((resolve) => setTimeout(resolve, 800));
    await controls.configureWebhooks({ platform: { url: slow.url, secret: PLATFORM_SECRET } });
    slow.delay = hold;
    try {
      const started = Date.now();
      await pay();
      const answeredIn = Date.now() - started;

      await slow.waitFor(1);
      expect(answeredIn).toBeLessThan(600);
    } finally {
      await controls.configureWebhooks({ platform: { url: platform.url, secret: PLATFORM_SECRET } });
      await slow.close();
    }
  });
});
