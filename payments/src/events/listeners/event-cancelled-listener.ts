import { defineListener, EventCancelled } from '@ticketing/common';
import { refundEventCharges } from '../../models/refund-event-charges';

/**
 * An admin cancelled an event (DESIGN §12): its orders can no longer be paid, and every completed charge of it is
 * refunded in full, each once whatever the redeliveries and replicas (refund-event-charges.ts). Its open orders are
 * cancelled by orders, whose OrderCancelled closes their open payments here as for any cancelled order.
 */
export const eventCancelledListener = defineListener({
  event: EventCancelled,
  async handle(data, { log }) {
    await refundEventCharges(data, log);
  },
});
