import { defineListener, OrderCancelled, retryLater } from '@ticketing/common';
import { releaseTicket } from '../../models/order-effects';

/** order.cancelled: the ticket is free again if this order held it (models/order-effects: releaseTicket). */
export const orderCancelledListener = defineListener({
  event: OrderCancelled,
  async handle(data, { log }) {
    // 'ahead': the order's earlier version (its OrderCreated) is not applied yet; a cancel must not overtake it.
    if ((await releaseTicket(data, log)) === 'ahead') return retryLater();
  },
});
