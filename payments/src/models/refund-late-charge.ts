import { ChargeRefunded, type Logger } from '@ticketing/common';
import { refundOrder } from '../stripe/payment-calls';
import { charges, type ChargeDoc } from './charge';
import { findReplicatedOrder } from './order-replica';

/** What {@link refundIfOrderCancelled} found. */
export type LateChargeOutcome =
  | { kind: 'order-not-cancelled' }
  /** No charge, or one Stripe declined: no money was taken. */
  | { kind: 'nothing-to-refund' }
  /** The charge is claimed but Stripe's answer is not stored yet: whoever stores it will have to look again. */
  | { kind: 'in-flight'; claimedAt: Date }
  | { kind: 'refunded'; charge: ChargeDoc }
  | { kind: 'already-refunded'; charge: ChargeDoc };

/**
 * Refunds the charge of an order that was cancelled (DESIGN §7: a payment that succeeds after the order expired is
 * refunded and recorded). Called from both sides of the race, each right after its own write:
 *  (a) the payment request, after it stored the completed charge;
 *  (b) the OrderCancelled listener, after it recorded the cancellation.
 * Each side writes before it reads the other's record, so at least one of them sees both the completed charge and
 * the cancelled order; both may, and then both refund: the refund is idempotent twice over. Stripe's idempotency key
 * `refund:<orderId>` makes their two calls one refund with one id, and charges.change() stores the refund id once
 * (a conditional update on the charge's version: the loser re-decides on a charge already refunded), so exactly one
 * ChargeRefunded is stored and published.
 * Throws what Stripe throws (the caller retries: the listener through redelivery).
 */
export async function refundIfOrderCancelled(orderId: string, log: Logger): Promise<LateChargeOutcome> {
  const order = await findReplicatedOrder(orderId);
  if (order?.status !== 'cancelled') return { kind: 'order-not-cancelled' };
  const charge = await charges.find(orderId);
  if (!charge || charge.status === 'failed') return { kind: 'nothing-to-refund' };
  if (charge.status === 'created') return { kind: 'in-flight', claimedAt: charge.claimedAt };
  if (charge.stripeRefundId !== undefined) return { kind: 'already-refunded', charge };
  if (charge.stripeId === undefined) throw new Error(`completed charge of order ${orderId} has no stripeId`);

  const refund = await refundOrder({ orderId, paymentIntentId: charge.stripeId });
  const stored = await charges.change(orderId, (current) => {
    if (!current || current.status !== 'completed' || current.stripeRefundId !== undefined) return null;
    const { chargeId, amount } = current;
    return {
      set: { stripeRefundId: refund.id },
      events: [ChargeRefunded.create({ id: chargeId, orderId, amount, stripeRefundId: refund.id })],
    };
  });
  if (stored) {
    log.info(
      { orderId, chargeId: stored.chargeId, stripeRefundId: refund.id },
      'late charge refunded: the order was cancelled',
    );
    return { kind: 'refunded', charge: stored };
  }
  const latest = await charges.find(orderId);
  return { kind: 'already-refunded', charge: latest ?? charge };
}
