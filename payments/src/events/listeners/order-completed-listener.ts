import { defineListener, OrderCompleted, retryLater } from '@ticketing/common';
import { applyOrderStatus } from '../../models/order-replica';

/** Marks the replica's order completed (paid): a later payment request for it is a 409. */
export const orderCompletedListener = defineListener({
  event: OrderCompleted,
  async handle(data) {
    if ((await applyOrderStatus(data.id, data.version, 'completed')) === 'ahead') return retryLater();
  },
});
