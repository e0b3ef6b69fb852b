// The requests payments sends to Stripe, as the SDK's arguments and nothing else (no client, no I/O), so that
// infra/stripe-fake's parity test sends these very requests to stripe-mock, which checks them against Stripe's OpenAPI:
// what passes there is what Stripe accepts. payment-calls.ts sends them.
import type Stripe from 'stripe';

/** Dollars (at most 2 decimals, DESIGN §4) to cents, Stripe's unit for usd; rounding absorbs binary fractions. */
export function toCents(dollars: number): number {
  return Math.round(dollars * 100);
}

/**
 * Step 1 of a payment: the order's PaymentIntent, not confirmed, so that its id can be stored on the charge BEFORE any
 * money moves: whatever happens to the confirm call (a lost response, a pod killed mid-call), the reconciliation can
 * look the intent up (DESIGN §5). Keyed `pay:<orderId>` (DESIGN §7): every attempt to pay one order gets the same
 * intent. Redirect-based methods are off because the server confirms with a card and has no page to return to
 * (without that Stripe demands a `return_url`). `transfer_group` is the order id: the seller's payout (a separate
 * transfer, DESIGN §12) joins the same group, and is found by it (payout-requests.ts).
 */
export function createIntentRequest(order: {
  orderId: string;
  amount: number;
}): [Stripe.PaymentIntentCreateParams, Stripe.RequestOptions] {
  return [
    {
      amount: toCents(order.amount),
      currency: 'usd',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      metadata: { orderId: order.orderId },
      transfer_group: order.orderId,
    },
    { idempotencyKey: `pay:${order.orderId}` },
  ];
}

/**
 * Step 2: confirms the intent with the buyer's payment method. Keyed `confirm:<orderId>`, so a retried request never
 * charges twice, and a retry with another card is refused by Stripe (an idempotency error) rather than charged.
 * `use_stripe_sdk`: Stripe.js in the buyer's browser takes a next action (3-D Secure, `stripe.handleNextAction`), so
 * a card that needs one answers `requires_action` with an action Stripe.js can take instead of a redirect.
 */
export function confirmIntentRequest(order: {
  orderId: string;
  paymentMethod: string;
}): [Stripe.PaymentIntentConfirmParams, Stripe.RequestOptions] {
  return [
    { payment_method: order.paymentMethod, use_stripe_sdk: true },
    { idempotencyKey: `confirm:${order.orderId}` },
  ];
}

/** A full refund of an order's PaymentIntent; keyed by the order, so the paths that may refund get one refund. */
export function refundRequest(order: {
  orderId: string;
  paymentIntentId: string;
}): [Stripe.RefundCreateParams, Stripe.RequestOptions] {
  return [{ payment_intent: order.paymentIntentId }, { idempotencyKey: `refund:${order.orderId}` }];
}

/**
 * Cancels the order's PaymentIntent, so that Stripe can no longer take money through it (DESIGN §16): before a charge
 * is stored as failed, and when its order can no longer be paid (an abandoned 3-D Secure challenge). Keyed
 * `cancel:<orderId>`: the paths that may cancel one order's intent get one answer from Stripe.
 */
export function cancelIntentRequest(order: {
  orderId: string;
}): [Stripe.PaymentIntentCancelParams, Stripe.RequestOptions] {
  return [{ cancellation_reason: 'abandoned' }, { idempotencyKey: `cancel:${order.orderId}` }];
}

/**
 * The newest refund of an order's PaymentIntent: a refund made outside the app (in Stripe's dashboard) is recorded by
 * its id when `charge.refunded` says the charge was refunded.
 */
export function listIntentRefundsRequest(intent: { paymentIntentId: string }): [Stripe.RefundListParams] {
  return [{ payment_intent: intent.paymentIntentId, limit: 1 }];
}
