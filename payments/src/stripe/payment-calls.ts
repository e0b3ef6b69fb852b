// The calls payments makes to Stripe, in the exact shape infra/stripe-fake's conformance and stripe-mock parity
// tests send (infra/stripe-fake/test/support/payment-calls.ts), so what passes against the fake passes against Stripe.
import type Stripe from 'stripe';
import { stripe } from './stripe-client';

/** Dollars (at most 2 decimals, DESIGN §4) to cents, Stripe's unit for usd; rounding absorbs binary fractions. */
export function toCents(dollars: number): number {
  return Math.round(dollars * 100);
}

/**
 * Step 1 of a payment: creates the order's PaymentIntent, without confirming it, so that its id can be stored on the
 * charge BEFORE any money moves: whatever happens to the confirm call (a lost response, a pod killed mid-call), the
 * reconciliation can look the intent up (DESIGN §5). Keyed `pay:<orderId>` (DESIGN §7): every attempt to pay one
 * order gets the same intent. Redirect-based methods are off because the server confirms with a card and has no page
 * to return to (without that Stripe demands a `return_url`).
 */
export function createOrderIntent(order: { orderId: string; amount: number }): Promise<Stripe.PaymentIntent> {
  return stripe().paymentIntents.create(
    {
      amount: toCents(order.amount),
      currency: 'usd',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      metadata: { orderId: order.orderId },
    },
    { idempotencyKey: `pay:${order.orderId}` },
  );
}

/**
 * Step 2: confirms the intent with the buyer's payment method. Keyed `confirm:<orderId>`, so a retried request never
 * charges twice, and a retry with another card is refused by Stripe (an idempotency error) rather than charged.
 * `use_stripe_sdk`: Stripe.js in the buyer's browser takes a next action (3-D Secure, `stripe.handleNextAction`), so
 * a card that needs one answers `requires_action` with an action Stripe.js can take instead of a redirect.
 */
export function confirmOrderIntent(order: {
  orderId: string;
  intentId: string;
  paymentMethod: string;
}): Promise<Stripe.PaymentIntent> {
  return stripe().paymentIntents.confirm(
    order.intentId,
    { payment_method: order.paymentMethod, use_stripe_sdk: true },
    { idempotencyKey: `confirm:${order.orderId}` },
  );
}

/** The intent as Stripe has it now (the reconciliation's question: did the money move?). */
export function retrieveIntent(intentId: string): Promise<Stripe.PaymentIntent> {
  return stripe().paymentIntents.retrieve(intentId);
}

/** Refunds an order's PaymentIntent in full; keyed by the order, so the paths that may refund get one refund. */
export async function refundOrder(order: { orderId: string; paymentIntentId: string }): Promise<Stripe.Refund> {
  return stripe().refunds.create(
    { payment_intent: order.paymentIntentId },
    { idempotencyKey: `refund:${order.orderId}` },
  );
}
