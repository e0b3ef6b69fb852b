import { ChargeRefunded, isEventCancelled, type Logger } from '@ticketing/common';
import { refundOrder } from '../stripe/payment-calls';
import { charges, type ChargeDoc, finishLateCheck, type RefundReason } from './charge';
import { unwatchCharge, watchCharge } from './charge-watch';
import { findReplicatedOrder } from './order-replica';
import { lookAtPayoutAgain } from './sale-undone';

/** What {@link refundIfCancelled} found. */
export type LateChargeOutcome =
  /** Neither the order nor its event was cancelled: the money stays taken. */
  | { kind: 'not-cancelled' }
  /** No charge, or one Stripe declined: no money was taken. */
  | { kind: 'nothing-to-refund' }
  /** The charge is claimed but Stripe's answer is not stored yet: whoever stores it will have to look again. */
  | { kind: 'in-flight'; claimedAt: Date }
  | { kind: 'refunded'; charge: ChargeDoc }
  | { kind: 'already-refunded'; charge: ChargeDoc };

/**
 * Refunds the charge of an order that was cancelled (DESIGN §7: a payment that succeeds after the order expired is
 * refunded and recorded), or whose event was cancelled (DESIGN §12: refunded in full, "Refunded: event cancelled").
 * Called from both sides of each race, each right after its own write:
 *  (a) the payment request (or the reconciliation), after it stored the completed charge;
 *  (b) the OrderCancelled listener, after it recorded the cancellation, and the EventCancelled listener, after it
 *      recorded the event's (refund-event-charges.ts).
 * Each side writes before it reads the other's record, so at least one of them sees both the completed charge and
 * the cancellation; both may, and then both refund: the refund is idempotent twice over. Stripe's idempotency key
 * `refund:<orderId>` (one charge per order) makes their calls one refund with one id, and charges.change() stores the
 * refund id once (a conditional update on the charge's version: the loser re-decides on a charge already refunded),
 * so exactly one ChargeRefunded is stored and published, whichever reasons and replicas meet.
 * Throws what Stripe throws (the caller retries: the listeners through redelivery).
 */
export async function refundIfCancelled(orderId: string, log: Logger): Promise<LateChargeOutcome> {
  const order = await findReplicatedOrder(orderId);
  // The event's cancellation first: an order of a cancelled event is refunded for that reason even when orders has
  // cancelled the order itself too.
  const eventCancelled = order?.event !== undefined && (await isEventCancelled(order.event.id));
  if (!eventCancelled && order?.status !== 'cancelled') return { kind: 'not-cancelled' };
  const reason: RefundReason | undefined = eventCancelled ? 'event-cancelled' : undefined;
  const charge = await charges.find(orderId);
  if (!charge || charge.status === 'failed') return { kind: 'nothing-to-refund' };
  if (charge.status === 'created') return { kind: 'in-flight', claimedAt: charge.claimedAt };
  if (charge.stripeRefundId !== undefined) return { kind: 'already-refunded', charge };
  if (charge.stripeId === undefined) throw new Error(`completed charge of order ${orderId} has no stripeId`);

  const stored = await refundAndRecord(orderId, charge.stripeId, 'completed', reason);
  if (stored) {
    log.info(
      { orderId, chargeId: stored.chargeId, stripeRefundId: stored.stripeRefundId },
      reason === 'event-cancelled'
        ? 'charge refunded: the event was cancelled'
        : 'late charge refunded: the order was cancelled',
    );
    return { kind: 'refunded', charge: stored };
  }
  const latest = await charges.find(orderId);
  return { kind: 'already-refunded', charge: latest ?? charge };
}

/**
 * Refunds the order's PaymentIntent in full and stores the refund's id (and `reason`, when there is one) with
 * ChargeRefunded on a charge of `status` not yet refunded, once (see refundIfCancelled). Returns the charge as
 * stored, or null if another did it first.
 */
async function refundAndRecord(
  orderId: string,
  paymentIntentId: string,
  status: ChargeDoc['status'],
  reason?: RefundReason,
): Promise<ChargeDoc | null> {
  // A completed sale refunded has its seller's payout voided or reversed (DESIGN §12): the payout job looks again.
  await lookAtPayoutAgain(orderId);
  const refund = await refundOrder({ orderId, paymentIntentId });
  const stored = await charges.change(orderId, (current) => {
    if (!current || current.status !== status || current.stripeRefundId !== undefined) return null;
    const { chargeId, amount } = current;
    return {
      set: { stripeRefundId: refund.id, ...(reason !== undefined && { refundReason: reason }) },
      events: [ChargeRefunded.create({ id: chargeId, orderId, amount, stripeRefundId: refund.id })],
    };
  });
  await lookAtPayoutAgain(orderId);
  return stored;
}

/**
 * Money taken for a charge already stored as failed (DESIGN §16: a success is never ignored). Orders has cancelled,
 * or will cancel, the order on that failure, so the money is refunded whatever the order's state: the charge stays
 * `failed` and gains the refund's id and ChargeRefunded. The charge is marked `lateCheckPending` (with the intent's id)
 * and watched first, so that a refund that fails here is retried by the reconciliation. Should not happen since a
 * failure is stored only once Stripe has cancelled the intent; it closes the gap for charges failed before that.
 */
export async function refundLostSuccess(orderId: string, paymentIntentId: string, log: Logger): Promise<ChargeDoc> {
  // Watched before and after the mark: a concurrent unwatch (a failure being stored) cannot leave it unwatched.
  await watchCharge(orderId);
  await charges.change(orderId, (current) =>
    current?.status === 'failed' && current.stripeRefundId === undefined && !current.lateCheckPending
      ? { set: { lateCheckPending: true, stripeId: paymentIntentId } }
      : null,
  );
  await watchCharge(orderId);
  log.error({ orderId, stripeId: paymentIntentId }, 'a payment succeeded for a charge stored as failed; refunding it');
  await refundAndRecord(orderId, paymentIntentId, 'failed');
  await finishLateCheck(orderId);
  await unwatchCharge(orderId);
  const charge = await charges.find(orderId);
  if (!charge) throw new Error(`charge of order ${orderId} vanished`);
  return charge;
}
