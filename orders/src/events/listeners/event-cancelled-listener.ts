import { defineListener, EventCancelled } from '@ticketing/common';
import { cancelEventOrders } from '../../models/cancel-event-orders';

/**
 * An admin cancelled an event (DESIGN §12): its tickets can no longer be ordered, and its open orders are cancelled,
 * each once whatever the redeliveries and replicas (cancel-event-orders.ts). A failure half-way throws, and the
 * redelivery goes on from the start of what is still open.
 */
export const eventCancelledListener = defineListener({
  event: EventCancelled,
  async handle(data, { log }) {
    await cancelEventOrders(data, log);
  },
});
