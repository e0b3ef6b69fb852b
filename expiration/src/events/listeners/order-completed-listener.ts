import { defineListener, OrderCompleted } from '@ticketing/common';
import { cancelExpiration } from '../../queues/expiration-jobs';

/** An order was paid: its expiry is dropped (if it is still pending; an unknown order is fine). */
export const orderCompletedListener = defineListener({
  event: OrderCompleted,
  async handle(data, { log }) {
    const outcome = await cancelExpiration(data.id);
    log.debug({ orderId: data.id, outcome }, 'expiry dropped: order completed');
  },
});
