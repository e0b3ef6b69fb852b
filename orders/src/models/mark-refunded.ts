import { Order } from './order';

/**
 * Records that the order's charge was refunded, once: one conditional update that sets `refundedAt` only where it is
 * not set, so a redelivered ChargeRefunded changes nothing. It touches no field a versioned change writes (as a
 * check-in does not), so `version` and the outbox are left alone. False when there is no such order.
 */
export async function markRefunded(orderId: string, at = new Date()): Promise<boolean> {
  const result = await Order.collection.updateOne({ _id: orderId, refundedAt: null } as never, {
    $set: { refundedAt: at.toISOString() },
  });
  if (result.matchedCount === 1) return true;
  return (await Order.exists({ _id: orderId })) !== null;
}
