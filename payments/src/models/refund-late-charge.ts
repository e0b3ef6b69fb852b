import { ChargeRefunded, type Logger } from '@ticketing/common';
import { refundOrder } from '../stripe/payment-calls';
import { chargeLog, type ChargeState } from './charge';
import { findOrder } from './order';

/** What {@link refundIfOrderCancelled} found. */
export type LateChargeOutcome =
  | { kind: 'order-not-cancelled' }
  /** No charge, or one Stripe declined: no money was taken. */
  | { kind: 'nothing-to-refund' }
  /** The charge is claimed but Stripe's answer is not stored yet: whoever stores it will have to look again. */
  | { kind: 'in-flight'; claimedAt: Date }
  | { kind: 'refunded'; charge: ChargeState }
  | { kind: 'already-refunded'; charge: ChargeState };

/**
 * Refunds the charge of an order that was cancelled (DESIGN §7: a payment that succeeds after the order expired is
 * refunded and recorded). Called from both sides of the race, each right after its own write:
 *  (a) the payment request, after it stored the completed charge;
 *  (b) the OrderCancelled listener, after it recorded the cancellation.
 * Each side writes before it reads the other's record, so at least one of them sees both the completed charge and
 * the cancelled order; both may, and then both refund: the refund is idempotent twice over. Stripe's idempotency key
 * `refund:<orderId>` makes their two calls one refund with one id, and the charge log's change() stores the refund
 * id once (version n+1 is a unique insert and the loser re-decides on a charge already refunded), so exactly one
 * ChargeRefunded is stored and published.
 * Throws what Stripe throws (the caller retries: the listener through redelivery).
 */
export async function refundIfOrderCancelled(orderId: string, log: Logger): Promise<LateChargeOutcome> {
  const order = await findOrder(orderId);
  if (order?.state.status !== 'cancelled') return { kind: 'order-not-cancelled' };
  const charge = await chargeLog.latest(orderId);
  if (!charge || charge.state.status === 'failed') return { kind: 'nothing-to-refund' };
  if (charge.state.status === 'created') return { kind: 'in-flight', claimedAt: charge.createdAt };
  if (charge.state.stripeRefundId !== undefined) return { kind: 'already-refunded', charge: charge.state };
  if (charge.state.stripeId === undefined) throw new Error(`completed charge of order ${orderId} has no stripeId`);

  const refund = await refundOrder({ orderId, paymentIntentId: charge.state.stripeId });
  const stored = await chargeLog.change(orderId, (current) => {
    if (!current || current.state.status !== 'completed' || current.state.stripeRefundId !== undefined) return null;
    const { chargeId, amount } = current.state;
    return {
      state: { ...current.state, stripeRefundId: refund.id },
      events: [ChargeRefunded.create({ id: chargeId, orderId, amount, stripeRefundId: refund.id })],
    };
  });
  if (stored) {
    log.info(
      { orderId, chargeId: stored.state.chargeId, stripeRefundId: refund.id },
      'late charge refunded: the order was cancelled',
    );
    return { kind: 'refunded', charge: stored.state };
  }
  const latest = await chargeLog.latest(orderId);
  return { kind: 'already-refunded', charge: latest?.state ?? charge.state };
}
