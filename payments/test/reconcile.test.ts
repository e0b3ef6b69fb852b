// DESIGN §5: a charge whose Stripe outcome is unknown (its request died mid-call, or never heard the answer) is
// reconciled from Stripe: completed, refunded when its order was cancelled meanwhile, or failed when no money moved.
// Each case stores the charge as such a request leaves it, then runs one reconciliation pass.
import { ChargeCreated, ChargeRefunded, createLogger, newObjectId, OrderCreated } from '@ticketing/common';
import { settleCharge } from '../src/models/settle-charge';
import { eventsInStream, eventually, nextEvent, publishEvent } from '@ticketing/testing';
import { Charge, findCharge } from '../src/models/charge';
import { watchCharge, watchUnsettledCharges } from '../src/models/charge-watch';
import { findReplicatedOrder } from '../src/models/order-replica';
import { reconcileDueCharges } from '../src/models/reconcile-charges';
import { confirmOrderIntent, createOrderIntent } from '../src/stripe/payment-calls';
import { claimQuietMs } from '../src/stripe/stripe-client';
import { startStripeFakeProbe, type StripeFakeProbe } from './support/stripe-fake-probe';
import { cancelOrder, type Harness, newBuyer, placeOrder, startPayments } from './support/payments-harness';

let fake: StripeFakeProbe;
let h: Harness;
const log = createLogger('reconcile-test', 'silent');
const LIMITS = { timeoutMs: 1_000, networkRetries: 0 };
const PASS = { quietMs: claimQuietMs(LIMITS), batch: 100, budgetMs: 10_000 };

beforeAll(async () => {
  fake = await startStripeFakeProbe();
  // The periodic pass is slowed down so that only the test's own passes run.
  h = await startPayments(fake.url, {
    PAYMENTS_RECONCILE_SECONDS: '3600',
    STRIPE_TIMEOUT_MS: String(LIMITS.timeoutMs),
    STRIPE_NETWORK_RETRIES: String(LIMITS.networkRetries),
  });
});

afterAll(async () => {
  await h?.stop();
  await fake?.close();
});

/**
 * A charge as a request leaves it when it dies after `claimedAt`: watched, still `created`, maybe with its intent's id.
 */
async function leftByDeadRequest(orderId: string, userId: string, stripeId?: string, watched = true): Promise<void> {
  if (watched) await watchCharge(orderId);
  await Charge.collection.insertOne({
    _id: orderId,
    chargeId: newObjectId(),
    userId,
    status: 'created',
    amount: 20,
    claimedAt: new Date(Date.now() - PASS.quietMs - 1_000),
    version: 0,
    outbox: [],
    ...(stripeId !== undefined && { stripeId }),
  } as never);
}

describe('charge reconciliation', () => {
  test('When Stripe charged but the request never stored it, then the charge completes and ChargeCreated says so', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);
    const intent = await createOrderIntent({ orderId, amount: 20 });
    await confirmOrderIntent({ orderId, intentId: intent.id, paymentMethod: 'pm_card_visa' });
    await leftByDeadRequest(orderId, buyer.userId, intent.id);

    await reconcileDueCharges(PASS, log);

    expect(await findCharge(orderId)).toMatchObject({ status: 'completed', stripeId: intent.id });
    const event = await nextEvent(h.bus, ChargeCreated, (d) => d.orderId === orderId);
    expect(event.data).toMatchObject({ status: 'completed', stripeId: intent.id, amount: 20 });
  });

  test('When Stripe charged an order that was cancelled meanwhile, then the charge is completed and refunded', async () => {
    const buyer = newBuyer();
    const order = await placeOrder(h.bus, buyer.userId);
    const intent = await createOrderIntent({ orderId: order.orderId, amount: 20 });
    await confirmOrderIntent({ orderId: order.orderId, intentId: intent.id, paymentMethod: 'pm_card_visa' });
    await leftByDeadRequest(order.orderId, buyer.userId, intent.id);
    await cancelOrder(h.bus, order);

    await reconcileDueCharges(PASS, log);

    const charge = await findCharge(order.orderId);
    expect(charge).toMatchObject({ status: 'completed', stripeRefundId: expect.stringMatching(/^re_/) });
    expect(charge?.lateCheckPending).toBeUndefined();
    await nextEvent(h.bus, ChargeRefunded, (d) => d.orderId === order.orderId);
  });

  test('When a version without watches left a charge unknown, then the start puts it under watch and it completes', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);
    const intent = await createOrderIntent({ orderId, amount: 20 });
    await confirmOrderIntent({ orderId, intentId: intent.id, paymentMethod: 'pm_card_visa' });
    await leftByDeadRequest(orderId, buyer.userId, intent.id, false);

    await watchUnsettledCharges();
    await reconcileDueCharges(PASS, log);

    expect(await findCharge(orderId)).toMatchObject({ status: 'completed', stripeId: intent.id });
  });

  test('When the card was declined but the request never stored it, then the charge fails', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);
    const intent = await createOrderIntent({ orderId, amount: 20 });
    await confirmOrderIntent({ orderId, intentId: intent.id, paymentMethod: 'pm_card_chargeDeclined' }).catch(
      () => undefined,
    );
    await leftByDeadRequest(orderId, buyer.userId, intent.id);

    await reconcileDueCharges(PASS, log);

    expect(await findCharge(orderId)).toMatchObject({ status: 'failed', stripeId: intent.id });
    expect(await fake.sdk.paymentIntents.retrieve(intent.id)).toMatchObject({ status: 'canceled' });
  });

  test('When nothing was confirmed and the order can still be paid, then the charge is left for the buyer to retry', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);
    await leftByDeadRequest(orderId, buyer.userId);

    await reconcileDueCharges(PASS, log);

    expect(await findCharge(orderId)).toMatchObject({ status: 'created' });
  });

  test('When nothing was confirmed and the order has expired, then the charge fails: no money moved', async () => {
    const buyer = newBuyer();
    const orderId = newObjectId();
    await publishEvent(h.bus, OrderCreated, {
      id: orderId,
      version: 0,
      status: 'created',
      userId: buyer.userId,
      expiresAt: new Date(Date.now() - 1_000).toISOString(),
      ticket: { id: newObjectId(), price: 20, version: 0 },
    });
    await eventually(() => findReplicatedOrder(orderId), 'order in the replica');
    await leftByDeadRequest(orderId, buyer.userId);

    await reconcileDueCharges(PASS, log);

    expect(await findCharge(orderId)).toMatchObject({ status: 'failed' });
  });

  test('When two replicas reconcile the same due charges at once, then Stripe is asked about each once and each settles once', async () => {
    const orders = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const buyer = newBuyer();
        const { orderId } = await placeOrder(h.bus, buyer.userId);
        const intent = await createOrderIntent({ orderId, amount: 20 });
        await confirmOrderIntent({ orderId, intentId: intent.id, paymentMethod: 'pm_card_visa' });
        await leftByDeadRequest(orderId, buyer.userId, intent.id);
        return { orderId, intentId: intent.id };
      }),
    );

    await Promise.all([reconcileDueCharges(PASS, log), reconcileDueCharges(PASS, log)]);

    for (const { orderId, intentId } of orders) {
      expect(await findCharge(orderId)).toMatchObject({ status: 'completed' });
      const reads = fake.finished.filter((l) => l.method === 'GET' && l.path === `/v1/payment_intents/${intentId}`);
      expect(reads).toHaveLength(1);
    }
    const ids = orders.map((o) => o.orderId);
    await eventually(
      async () => (await eventsInStream(h.bus, ChargeCreated, (d) => ids.includes(d.orderId))).length === ids.length,
      'one ChargeCreated per charge',
    );
  });

  test('When a success arrives for a charge stored as failed, then it is not ignored: the money is refunded', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);
    const intent = await createOrderIntent({ orderId, amount: 20 });
    await leftByDeadRequest(orderId, buyer.userId, intent.id);
    // As a version that did not cancel first left it: failed, its intent still open, then confirmed late.
    await settleCharge(orderId, { status: 'failed', stripeId: intent.id, failureMessage: 'gone' }, log);
    await confirmOrderIntent({ orderId, intentId: intent.id, paymentMethod: 'pm_card_visa' });

    await settleCharge(orderId, { status: 'completed', stripeId: intent.id }, log);

    const charge = await findCharge(orderId);
    expect(charge).toMatchObject({ status: 'failed', stripeRefundId: expect.stringMatching(/^re_/) });
    expect(charge?.lateCheckPending).toBeUndefined();
    expect(await fake.sdk.refunds.retrieve(charge?.stripeRefundId ?? '')).toMatchObject({
      payment_intent: intent.id,
      amount: 2000,
    });
    await nextEvent(h.bus, ChargeRefunded, (d) => d.orderId === orderId);
  });
});
