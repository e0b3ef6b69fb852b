import { defineListener, OrderCreated, retryLater } from '@ticketing/common';
import { applyOrderCreated } from '../../models/order-replica';

/**
 * Records a new order in the replica, so that it can be paid (its buyer and price come from here), with its seller
 * and its event when OrderCreated carries them (DESIGN §12).
 */
export const orderCreatedListener = defineListener({
  event: OrderCreated,
  async handle(data) {
    const outcome = await applyOrderCreated(data.id, data.version, {
      userId: data.userId,
      price: data.ticket.price,
      status: data.status,
      ticketId: data.ticket.id,
      expiresAt: data.expiresAt,
      ...(data.sellerId !== undefined && { sellerId: data.sellerId }),
      ...(data.event !== undefined && { event: data.event }),
    });
    // 'applied' and 'already-applied' both ack; 'ahead' waits for its predecessor.
    if (outcome === 'ahead') return retryLater();
  },
});
