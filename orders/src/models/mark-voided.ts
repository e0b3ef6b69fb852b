import { Order } from './order';

/**
 * Why a completed order's e-ticket became void (DESIGN §12): its charge was refunded (ChargeRefunded) or disputed by
 * the buyer's bank (ChargeDisputed). Each is the order's field that records when.
 */
export type VoidedBy = 'refundedAt' | 'disputedAt';

/**
 * Records that the order's charge was refunded or disputed, once: one conditional update that sets the field only
 * where it is not set, so a redelivered event changes nothing (the first instant stays). It touches no field a
 * versioned change writes (as a check-in does not), so `version` and the outbox are left alone. False when there is
 * no such order.
 */
export async function markVoided(orderId: string, by: VoidedBy, at = new Date()): Promise<boolean> {
  const result = await Order.collection.updateOne({ _id: orderId, [by]: null } as never, {
    $set: { [by]: at.toISOString() },
  });
  if (result.matchedCount === 1) return true;
  return (await Order.exists({ _id: orderId })) !== null;
}
