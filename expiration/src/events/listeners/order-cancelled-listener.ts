import { defineListener, OrderCancelled } from '@ticketing/common';
import { cancelExpiration } from '../../queues/expiration-jobs';

/** An order was cancelled (by its buyer, by expiry, by a declined card): its expiry is dropped if still pending. */
export const orderCancelledListener = defineListener({
  event: OrderCancelled,
  async handle(data, { log }) {
    const outcome = await cancelExpiration(data.id);
    log.debug({ orderId: data.id, outcome }, 'expiry dropped: order cancelled');
  },
});
