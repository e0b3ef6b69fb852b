import { defineListener, retryLater, TicketUpdated } from '@ticketing/common';
import { cancelIfRepriced } from '../../models/cancel-if-repriced';
import { applyTicketVersion } from '../../models/ticket-replica';

/**
 * A ticket changed (edited, reserved, released, sold): version n is applied only after n-1 and at most once
 * ('ahead' waits for its predecessor). Then a live order priced before an edit of the price is cancelled (see
 * cancelIfRepriced); that check runs on a redelivery too, so a crash between the two steps is healed.
 */
export const ticketUpdatedListener = defineListener({
  event: TicketUpdated,
  async handle(data, { log }) {
    const { id, version, title, price, userId } = data;
    if ((await applyTicketVersion({ id, version, title, price, userId })) === 'ahead') return retryLater();
    await cancelIfRepriced(data, log);
  },
});
