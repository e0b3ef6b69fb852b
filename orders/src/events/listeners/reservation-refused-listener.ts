import { defineListener, ReservationRefused } from '@ticketing/common';
import { cancelOrder } from '../../models/cancel-order';

/**
 * Tickets refused the order's reservation (the seller changed the ticket first): the order is cancelled with the
 * reason, which the buyer is shown, before it can be paid (DESIGN §16); its OrderCancelled tells payments not to
 * charge it. A redelivery finds it cancelled and changes nothing; one that finds it completed (paid before this
 * arrived) leaves it so, and is logged: the order completed without its reservation.
 */
export const reservationRefusedListener = defineListener({
  event: ReservationRefused,
  async handle(data, { log }) {
    const result = await cancelOrder(data.orderId, data.reason, log);
    // ReservationRefused follows an OrderCreated we stored first, so an unknown order is not worth retrying.
    if (result.outcome === 'not-found') log.warn({ orderId: data.orderId }, 'refused order not found; ignored');
    if (result.outcome === 'completed') {
      log.error({ orderId: data.orderId, ticketId: data.ticket.id }, 'reservation refused for a completed order');
    }
  },
});
