import { defineListener, OrderExpired } from '@ticketing/common';
import { cancelOrder } from '../../models/cancel-order';

/** The lock window ended: cancel the order unless it is completed (DESIGN §7); already cancelled changes nothing. */
export const orderExpiredListener = defineListener({
  event: OrderExpired,
  async handle(data, { log }) {
    const result = await cancelOrder(data.orderId, 'expired', log);
    // OrderExpired follows an OrderCreated we stored first, so an unknown order is not worth retrying.
    if (result.outcome === 'not-found') log.warn({ orderId: data.orderId }, 'expired order not found; ignored');
  },
});
