// The calls payments makes to Stripe: the requests of payment-requests.ts (which infra/stripe-fake's parity test
// checks against Stripe's OpenAPI), sent with the service's SDK client.
import type Stripe from 'stripe';
import { confirmIntentRequest, createIntentRequest, refundRequest } from './payment-requests';
import { stripe } from './stripe-client';

/** Step 1 of a payment: creates the order's PaymentIntent, unconfirmed (payment-requests.ts says why). */
export function createOrderIntent(order: { orderId: string; amount: number }): Promise<Stripe.PaymentIntent> {
  return stripe().paymentIntents.create(...createIntentRequest(order));
}

/** Step 2: confirms the intent with the buyer's payment method, once per order. */
export function confirmOrderIntent(order: {
  orderId: string;
  intentId: string;
  paymentMethod: string;
}): Promise<Stripe.PaymentIntent> {
  return stripe().paymentIntents.confirm(order.intentId, ...confirmIntentRequest(order));
}

/** The intent as Stripe has it now (the reconciliation's question: did the money move?). */
export function retrieveIntent(intentId: string): Promise<Stripe.PaymentIntent> {
  return stripe().paymentIntents.retrieve(intentId);
}

/** Refunds an order's PaymentIntent in full, once per order. */
export function refundOrder(order: { orderId: string; paymentIntentId: string }): Promise<Stripe.Refund> {
  return stripe().refunds.create(...refundRequest(order));
}
