import { ChargeDisputed, ChargeRefunded, isEventCancelled, type Logger } from '@ticketing/common';
import { charges, type ChargeDoc } from './charge';
import { lookAtPayoutAgain } from './sale-undone';

/**
 * Records that the buyer's bank disputed the order's charge (`charge.dispute.created`, DESIGN §12), once: the charge
 * gains the dispute's id and ChargeDisputed (orders marks the order disputed and voids its e-ticket), by one
 * conditional update. The seller's payout is then voided (no transfer yet) or reversed by the payout job, asked to
 * look before and after the write (lookAtPayoutAgain). Resolves with the charge as stored, or null when it has no
 * completed charge or the dispute was recorded before.
 */
export async function recordDispute(
  orderId: string,
  dispute: { id: string; amount: number },
  log: Logger,
): Promise<ChargeDoc | null> {
  await lookAtPayoutAgain(orderId);
  const stored = await charges.change(orderId, (current) => {
    if (current?.status !== 'completed' || current.stripeDisputeId !== undefined) return null;
    return {
      set: { stripeDisputeId: dispute.id, disputedCents: dispute.amount },
      events: [
        ChargeDisputed.create({
          id: current.chargeId,
          orderId,
          amount: current.amount,
          stripeDisputeId: dispute.id,
        }),
      ],
    };
  });
  await lookAtPayoutAgain(orderId);
  if (stored) log.warn({ orderId, stripeDisputeId: dispute.id }, 'charge disputed');
  return stored;
}

/**
 * Records a refund made outside the app (in Stripe's dashboard: `charge.refunded`, DESIGN §12) on a completed charge
 * not refunded yet, once, with ChargeRefunded; the seller's payout is then voided or reversed as for any refund. A
 * refund of ours arrives here too, and changes nothing (the charge has its refund already); one whose webhook
 * outruns our own write of it is recorded here, with the event's cancellation as its reason when that is why.
 */
export async function recordOutsideRefund(
  orderId: string,
  stripeRefundId: string,
  log: Logger,
): Promise<ChargeDoc | null> {
  await lookAtPayoutAgain(orderId);
  const stored = await charges.change(orderId, async (current) => {
    if (current?.status !== 'completed' || current.stripeRefundId !== undefined) return null;
    const { chargeId, amount, eventId } = current;
    const eventCancelled = eventId !== undefined && (await isEventCancelled(eventId));
    return {
      set: { stripeRefundId, refundReason: eventCancelled ? 'event-cancelled' : 'outside-app' },
      events: [ChargeRefunded.create({ id: chargeId, orderId, amount, stripeRefundId })],
    };
  });
  await lookAtPayoutAgain(orderId);
  if (stored) log.info({ orderId, stripeRefundId }, 'refund made outside the app recorded');
  return stored;
}
