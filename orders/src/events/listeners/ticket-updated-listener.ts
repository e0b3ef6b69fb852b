import { defineListener, retryLater, TicketUpdated } from '@ticketing/common';
import { applyTicketVersion } from '../../models/ticket-replica';

/**
 * A ticket changed (edited, reserved, released, sold): version n is applied only after n-1 and at most once
 * ('ahead' waits for its predecessor); a version naming an order records the reservation the order's completion
 * waits for. An order priced before an edit is not cancelled from here: tickets refuses its reservation and says so
 * (ReservationRefused, reservation-refused-listener.ts).
 */
export const ticketUpdatedListener = defineListener({
  event: TicketUpdated,
  async handle(data) {
    const { id, version, title, price, userId, event, withdrawn, orderId } = data;
    if ((await applyTicketVersion({ id, version, title, price, userId, event, withdrawn, orderId })) === 'ahead') {
      return retryLater();
    }
  },
});
