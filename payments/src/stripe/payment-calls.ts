// The three calls payments makes to Stripe, in the exact shape infra/stripe-fake's conformance and stripe-mock parity
// tests send (infra/stripe-fake/test/support/payment-calls.ts), so what passes against the fake passes against Stripe.
import type Stripe from 'stripe';
import { stripe } from './stripe-client';

/** Dollars (at most 2 decimals, DESIGN §4) to cents, Stripe's unit for usd; rounding absorbs binary fractions. */
export function toCents(dollars: number): number {
  return Math.round(dollars * 100);
}

/**
 * Creates and confirms a PaymentIntent for an order in one call. The idempotency key is derived from the order id
 * (DESIGN §7): every attempt to pay one order, concurrent or retried after a crash, is the same Stripe request, so
 * Stripe charges at most once and replays the first outcome to the others. Redirect-based methods are off because
 * the server confirms with a card and has no page to return to (without that Stripe demands a `return_url`).
 * `use_stripe_sdk`: Stripe.js in the buyer's browser handles a next action (3-D Secure, `stripe.handleNextAction`),
 * so Stripe answers `requires_action` with a next action that Stripe.js can take, instead of a redirect.
 */
export async function chargeOrder(order: {
  orderId: string;
  amount: number;
  paymentMethod: string;
}): Promise<Stripe.PaymentIntent> {
  return stripe().paymentIntents.create(
    {
      amount: toCents(order.amount),
      currency: 'usd',
      payment_method: order.paymentMethod,
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      use_stripe_sdk: true,
      metadata: { orderId: order.orderId },
    },
    { idempotencyKey: `pay:${order.orderId}` },
  );
}

/**
 * Reads a PaymentIntent's current state. A retried create replays its first answer (idempotency), so once the buyer
 * has authenticated, only this shows what became of the payment.
 */
export async function retrievePaymentIntent(paymentIntentId: string): Promise<Stripe.PaymentIntent> {
  return stripe().paymentIntents.retrieve(paymentIntentId);
}

/** Refunds an order's PaymentIntent in full; keyed by the order, so the two paths that may refund get one refund. */
export async function refundOrder(order: { orderId: string; paymentIntentId: string }): Promise<Stripe.Refund> {
  return stripe().refunds.create(
    { payment_intent: order.paymentIntentId },
    { idempotencyKey: `refund:${order.orderId}` },
  );
}
