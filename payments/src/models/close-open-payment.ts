import type { ChargeFailure, Logger } from '@ticketing/common';
import { findCharge } from './charge';
import { failChargeAfterCancel, type IntentSettlement } from './settle-from-payment-intent';

const ORDER_CLOSED = 'The order was cancelled before it was paid.';

/**
 * For an order that can no longer be paid (DESIGN §16): cancels the PaymentIntent of its charge if the charge is still
 * `created` with an intent (a 3-D Secure challenge the buyer abandoned, a payment in flight), then settles the charge
 * from Stripe's answer: failed if the cancel went through; completed, and refunded by the caller's late-charge check,
 * if the payment had succeeded first. A request confirming at the same moment is safe: Stripe runs the two one after
 * the other, so the confirm is refused (the request then fails the charge too) or the cancel is (the money is
 * refunded). Returns undefined when there was nothing to cancel. Throws what Stripe throws.
 */
export async function closeOpenPayment(
  orderId: string,
  log: Logger,
  why: { message: string; failure?: ChargeFailure } = { message: ORDER_CLOSED },
): Promise<IntentSettlement | undefined> {
  const charge = await findCharge(orderId);
  if (charge?.status !== 'created' || charge.stripeId === undefined) return undefined;
  const settlement = await failChargeAfterCancel(orderId, { id: charge.stripeId }, why.message, log, why.failure);
  log.info({ orderId, stripeId: charge.stripeId, outcome: settlement.kind }, 'open payment of a closed order settled');
  return settlement;
}
