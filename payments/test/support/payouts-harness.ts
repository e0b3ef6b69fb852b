// Sellers, sales and webhooks for the payout tests (DESIGN §12), against the local Stripe fake: the seller onboards
// on the fake's hosted page, buyers pay through payments, and the fake delivers its webhooks to payments.
import { type Bus, OrderCompleted } from '@ticketing/common';
import { eventually, publishEvent } from '@ticketing/testing';
import type Stripe from 'stripe';
import { Payout, type PayoutDoc } from '../../src/models/payout';
import { findReplicatedOrder } from '../../src/models/order-replica';
import { call, newBuyer, pay, placeOrder, TEST_CONNECT_WEBHOOK_SECRET, TEST_WEBHOOK_SECRET } from './payments-harness';

/** Points the fake's webhook delivery at payments' two endpoints (`base`), retrying fast. */
export async function deliverWebhooksTo(fakeUrl: string, base: string, more: Record<string, unknown> = {}) {
  await fakeControl(fakeUrl, 'POST', '/_fake/webhooks', {
    platform: { url: `${base}/api/payments/stripe/webhook`, secret: TEST_WEBHOOK_SECRET },
    connect: { url: `${base}/api/payments/stripe/connect-webhook`, secret: TEST_CONNECT_WEBHOOK_SECRET },
    retryBaseMs: 100,
    maxAttempts: 20,
    ...more,
  });
}

/** A call to the fake's test controls (`/_fake/...`); throws unless 2xx. */
export async function fakeControl(fakeUrl: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${fakeUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : ((await res.json()) as Record<string, unknown>);
}

/** A signed-in seller. */
export type Seller = ReturnType<typeof newBuyer>;

/** POST /api/payments/payouts/account: the seller's onboarding link. */
export async function startOnboarding(base: string, seller: Seller): Promise<string> {
  const res = await call(base, 'POST', '/api/payments/payouts/account', { cookie: seller.cookie, body: {} });
  expect(res.status).toBe(200);
  return res.body.onboardingUrl as string;
}

/** The seller completes the fake's hosted onboarding form (as its button does): the account is enabled. */
export async function completeOnboarding(onboardingUrl: string): Promise<Response> {
  return fetch(onboardingUrl, { method: 'POST', redirect: 'manual' });
}

/** A seller who has set up payouts, and whose account payments knows enabled (by webhook or by its backstop). */
export async function enabledSeller(base: string): Promise<Seller> {
  const seller = newBuyer();
  const res = await completeOnboarding(await startOnboarding(base, seller));
  expect(res.status).toBe(303);
  await eventually(async () => {
    const payouts = await call(base, 'GET', '/api/payments/payouts', { cookie: seller.cookie });
    return payouts.body.account?.status === 'enabled';
  }, 'the seller enabled');
  return seller;
}

/**
 * A sale: a buyer orders the seller's ticket of an event starting in `startsInMs`, pays it (201), orders completes it;
 * resolves once payments has recorded the seller's payout.
 */
export async function sell(
  h: { base: string; bus: Bus },
  seller: Seller,
  options: { price?: number; startsInMs?: number; eventId?: string; paymentMethod?: string } = {},
): Promise<{ orderId: string; ticketId: string; eventId: string; stripeId: string; buyer: Seller }> {
  const buyer = newBuyer();
  const event = {
    id: options.eventId ?? (await import('@ticketing/common')).newObjectId(),
    startsAt: new Date(Date.now() + (options.startsInMs ?? 1_000)).toISOString(),
  };
  const order = await placeOrder(h.bus, buyer.userId, options.price ?? 20, undefined, {
    sellerId: seller.userId,
    event,
  });
  const paid = await pay(h.base, buyer.cookie, order.orderId, options.paymentMethod);
  expect(paid.status).toBe(201);
  await publishEvent(h.bus, OrderCompleted, { id: order.orderId, version: 1, ticket: { id: order.ticketId } });
  await eventually(async () => (await findReplicatedOrder(order.orderId))?.status === 'completed', 'order completed');
  // The listener records the payout right after the replica's change.
  await payoutWhen(order.orderId, () => true, 'recorded');
  return { ...order, eventId: event.id, stripeId: paid.body.stripeId as string, buyer };
}

/** The payout record of an order once `done` says so (read directly: state no single route shows whole). */
export function payoutWhen(
  orderId: string,
  done: (payout: PayoutDoc) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<PayoutDoc> {
  return eventually(
    async () => {
      const payout = await Payout.findById(orderId).lean<PayoutDoc>();
      return payout && done(payout) ? payout : null;
    },
    `payout of ${orderId}: ${what}`,
    { timeoutMs, intervalMs: 100 },
  );
}

/**
 * Where every cent of an order's charge went, from Stripe's side (the fake, through `sdk`) and from our payout record.
 * DESIGN §12's conservation, per completed charge and to the cent:
 *   refunded + disputed + (transferred − reversed) + fee kept − recorded loss = amount,
 * where the fee is kept only on a payout that stands and a loss is the transfer Stripe refused to reverse.
 */
export async function moneyOf(sdk: Stripe, sale: { orderId: string; stripeId: string }, payout: PayoutDoc) {
  const intent = await sdk.paymentIntents.retrieve(sale.stripeId);
  const charge = await sdk.charges.retrieve(intent.latest_charge as string);
  const transfers = (await sdk.transfers.list({ transfer_group: sale.orderId })).data;
  return {
    amount: charge.amount,
    refunded: charge.amount_refunded,
    disputed: charge.disputed ? charge.amount : 0,
    transferred: transfers.reduce((sum, t) => sum + t.amount, 0),
    reversed: transfers.reduce((sum, t) => sum + t.amount_reversed, 0),
    fee: payout.state === 'paid' ? payout.feeCents : 0,
    loss: payout.lossCents ?? 0,
  };
}

/** Expects moneyOf's identity to hold, showing every term when it does not. */
export function expectMoneyConserved(money: Awaited<ReturnType<typeof moneyOf>>): void {
  expect(money).toEqual({
    ...money,
    amount: money.refunded + money.disputed + money.transferred - money.reversed + money.fee - money.loss,
  });
}
