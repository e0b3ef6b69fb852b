import { defineListener, OrderCompleted, retryLater } from '@ticketing/common';
import { markTicketSold } from '../../models/order-effects';

/** order.completed: the ticket is sold to the order that holds it (models/order-effects: markTicketSold). */
export const orderCompletedListener = defineListener({
  event: OrderCompleted,
  async handle(data, { log }) {
    // 'ahead': the order's earlier version (its OrderCreated) is not applied yet.
    if ((await markTicketSold(data, log)) === 'ahead') return retryLater();
  },
});
