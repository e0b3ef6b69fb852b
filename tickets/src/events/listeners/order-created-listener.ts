import { defineListener, OrderCreated, retryLater } from '@ticketing/common';
import { reserveTicket } from '../../models/order-effects';

/** order.created: the order holds its ticket (models/order-effects: reserveTicket). */
export const orderCreatedListener = defineListener({
  event: OrderCreated,
  async handle(data, { log }) {
    const outcome = await reserveTicket(data, log);
    // Held by another order whose release has not arrived yet: wait for it rather than drop this reservation.
    if (outcome === 'held-by-another-order') return retryLater();
  },
});
