import { ChargeCreated, defineListener } from '@ticketing/common';
import { cancelOrder } from '../../models/cancel-order';
import { completeOrder } from '../../models/complete-order';

/**
 * A payment was attempted. Completed: the order is completed and OrderCompleted published, unless it was cancelled
 * meanwhile (expired): then nothing here, payments refunds the charge. Failed: the order is cancelled.
 */
export const chargeCreatedListener = defineListener({
  event: ChargeCreated,
  async handle(data, { log }) {
    const result =
      data.status === 'completed'
        ? await completeOrder(data.orderId, log)
        : await cancelOrder(data.orderId, 'payment-failed', log);
    if (result.outcome === 'not-found') log.warn({ orderId: data.orderId }, 'charged order not found; ignored');
    if (data.status === 'completed' && result.outcome === 'cancelled') {
      log.info(
        { orderId: data.orderId, chargeId: data.id },
        'charge completed for a cancelled order; payments refunds it',
      );
    }
  },
});
