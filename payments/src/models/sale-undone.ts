import { isEventCancelled } from '@ticketing/common';
import { charges, type ChargeDoc } from './charge';
import { payoutWatches, type UndoneReason } from './payout';

/**
 * Why the order's sale no longer stands (DESIGN §12: no payout for a refunded, disputed or cancelled-event order, and
 * a payout made is reversed), from payments' own records: the charge's refund or dispute, the event's cancellation.
 * Undefined while it stands.
 */
export async function saleUndone(orderId: string, known?: ChargeDoc | null): Promise<UndoneReason | undefined> {
  const charge = known === undefined ? await charges.find(orderId) : known;
  if (!charge || charge.status !== 'completed') return undefined;
  if (charge.stripeDisputeId !== undefined) return 'disputed';
  // The event's cancellation first: it is recorded before its charges are refunded (refund-event-charges.ts).
  if (charge.eventId !== undefined && (await isEventCancelled(charge.eventId))) return 'event-cancelled';
  if (charge.stripeRefundId !== undefined) return 'refunded';
  return undefined;
}

/**
 * Tells the payout job to look at the order's payout again now: called before a refund or a dispute is stored (and
 * again after), so the job voids a payout not yet made or reverses one made. Before, because a crash right after the
 * store must still leave the look (the job keeps a watch asked for within a quiet time, settle-payout.ts); after,
 * because the job may have looked in between.
 */
export function lookAtPayoutAgain(orderId: string): Promise<void> {
  return payoutWatches.watchDue(orderId);
}
