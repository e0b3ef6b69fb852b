import { ChargeCreated, defineListener, retryLater } from '@ticketing/common';
import { cancelOrder } from '../../models/cancel-order';
import { completeOrder } from '../../models/complete-order';

// How soon a paid order whose reservation orders has not heard of yet is looked at again: the reservation's
// TicketUpdated is usually a few milliseconds behind.
const RESERVATION_POLL_MS = 250;

/**
 * A payment was attempted. Completed: the order is completed and OrderCompleted published, unless it was cancelled
 * meanwhile (expired, or its reservation refused): then nothing here, payments refunds the charge. A paid order that
 * tickets has not reserved yet waits for it (completeOrder). Failed: the order is cancelled, with the reason the buyer
 * is told: declined, or (ChargeCreated's `failure`) its event started or was cancelled before the payment was confirmed.
 */
export const chargeCreatedListener = defineListener({
  event: ChargeCreated,
  async handle(data, { log }) {
    const result =
      data.status === 'completed'
        ? await completeOrder(data.orderId, log)
        : await cancelOrder(data.orderId, data.failure ?? 'payment-failed', log);
    if (result.outcome === 'not-reserved-yet') return retryLater(RESERVATION_POLL_MS);
    if (result.outcome === 'not-found') log.warn({ orderId: data.orderId }, 'charged order not found; ignored');
    if (data.status === 'completed' && result.outcome === 'cancelled') {
      log.info(
        { orderId: data.orderId, chargeId: data.id },
        'charge completed for a cancelled order; payments refunds it',
      );
    }
  },
});
