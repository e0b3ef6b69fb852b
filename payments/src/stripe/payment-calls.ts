// The calls payments makes to Stripe: the requests of payment-requests.ts (which infra/stripe-fake's parity test
// checks against Stripe's OpenAPI), sent with the service's SDK client.
import Stripe from 'stripe';
import {
  cancelIntentRequest,
  confirmIntentRequest,
  createIntentRequest,
  listIntentRefundsRequest,
  refundRequest,
} from './payment-requests';
import { stripe } from './stripe-client';
import { timedStripeCall } from './stripe-metrics';

/** Step 1 of a payment: creates the order's PaymentIntent, unconfirmed (payment-requests.ts says why). */
export function createOrderIntent(order: { orderId: string; amount: number }): Promise<Stripe.PaymentIntent> {
  return timedStripeCall('create_intent', () => stripe().paymentIntents.create(...createIntentRequest(order)));
}

/** Step 2: confirms the intent with the buyer's payment method, once per order. */
export function confirmOrderIntent(order: {
  orderId: string;
  intentId: string;
  paymentMethod: string;
}): Promise<Stripe.PaymentIntent> {
  return timedStripeCall('confirm_intent', () =>
    stripe().paymentIntents.confirm(order.intentId, ...confirmIntentRequest(order)),
  );
}

/** The intent as Stripe has it now (the reconciliation's question: did the money move?). */
export function retrieveIntent(intentId: string): Promise<Stripe.PaymentIntent> {
  return timedStripeCall('retrieve_intent', () => stripe().paymentIntents.retrieve(intentId));
}

/** Refunds an order's PaymentIntent in full, once per order. */
export function refundOrder(order: { orderId: string; paymentIntentId: string }): Promise<Stripe.Refund> {
  return timedStripeCall('refund', () => stripe().refunds.create(...refundRequest(order)));
}

/** The newest refund of a PaymentIntent, if it has one. */
export async function newestRefundOf(paymentIntentId: string): Promise<Stripe.Refund | undefined> {
  const page = await timedStripeCall('list_refunds', () =>
    stripe().refunds.list(...listIntentRefundsRequest({ paymentIntentId })),
  );
  return page.data[0];
}

/**
 * Cancels an order's PaymentIntent (payment-requests.ts) and resolves with the intent as it ends: `canceled`, or, when
 * Stripe refuses because the intent is past cancelling (400 `payment_intent_unexpected_state`, the intent in the
 * error), as Stripe has it: `succeeded` means the money moved after all. A refusal carrying another state is a replay
 * of an earlier refusal under the same key, so the intent is read afresh. Throws anything else Stripe throws.
 */
export async function cancelOrderIntent(order: { orderId: string; intentId: string }): Promise<Stripe.PaymentIntent> {
  try {
    return await timedStripeCall('cancel_intent', () =>
      stripe().paymentIntents.cancel(order.intentId, ...cancelIntentRequest(order)),
    );
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
    if (error.code !== 'payment_intent_unexpected_state') throw error;
    const intent = error.payment_intent;
    if (intent?.status === 'succeeded' || intent?.status === 'canceled') return intent;
    return retrieveIntent(order.intentId);
  }
}
