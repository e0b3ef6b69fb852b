// Stripe calls the conformance tests (against the fake) and the parity tests (against stripe-mock, which checks requests
// against Stripe's OpenAPI) both send, so the two see the same requests: a payment created and confirmed in one call
// (Stripe's shortest way to pay, which the fake answers like Stripe), a refund, a read. The payments service's own
// two-step requests come from payments itself (@ticketing/payments/stripe-requests) in stripe-mock-parity.test.ts.
import type Stripe from 'stripe';

export interface PayOrder {
  orderId: string;
  /** In cents: Stripe's amount is in the currency's smallest unit. */
  amount: number;
  paymentMethod: string;
  idempotencyKey: string;
}

/**
 * Creates and confirms a PaymentIntent in one call. Redirect-based methods are turned off because the server
 * confirms with a card and has no page to return to; without it Stripe demands a `return_url`. `use_stripe_sdk`
 * says Stripe.js in the buyer's browser handles a next action (3-D Secure), so one comes back as `use_stripe_sdk`.
 */
export function payOrder(stripe: Stripe, order: PayOrder): Promise<Stripe.Response<Stripe.PaymentIntent>> {
  return stripe.paymentIntents.create(
    {
      amount: order.amount,
      currency: 'usd',
      payment_method: order.paymentMethod,
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      use_stripe_sdk: true,
      metadata: { orderId: order.orderId },
    },
    { idempotencyKey: order.idempotencyKey },
  );
}

/** Refunds a succeeded PaymentIntent in full. */
export function refundPayment(
  stripe: Stripe,
  paymentIntentId: string,
  idempotencyKey: string,
): Promise<Stripe.Response<Stripe.Refund>> {
  return stripe.refunds.create({ payment_intent: paymentIntentId }, { idempotencyKey });
}

/** Reads a PaymentIntent back: what payments does once the browser has handled a next action. */
export function retrievePayment(
  stripe: Stripe,
  paymentIntentId: string,
): Promise<Stripe.Response<Stripe.PaymentIntent>> {
  return stripe.paymentIntents.retrieve(paymentIntentId);
}
