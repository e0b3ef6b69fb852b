import { defineListener, OrderCreated, retryLater } from '@ticketing/common';
import { applyOrderCreated } from '../../models/order-replica';

/** Records a new order in the replica, so that it can be paid (its buyer and price come from here). */
export const orderCreatedListener = defineListener({
  event: OrderCreated,
  async handle(data) {
    const outcome = await applyOrderCreated(data.id, data.version, {
      userId: data.userId,
      price: data.ticket.price,
      status: data.status,
      ticketId: data.ticket.id,
      expiresAt: data.expiresAt,
    });
    // 'applied' and 'already-applied' both ack; 'ahead' waits for its predecessor.
    if (outcome === 'ahead') return retryLater();
  },
});
