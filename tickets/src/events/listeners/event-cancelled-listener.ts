import { defineListener, EventCancelled } from '@ticketing/common';
import { withdrawEventListings } from '../../models/withdraw-listings';

/**
 * event.cancelled, tickets' own: every listing of the event is withdrawn (models/withdraw-listings). Idempotent and
 * restartable, so a redelivery, or one to another replica while the first still works, withdraws nothing twice.
 */
export const eventCancelledListener = defineListener({
  event: EventCancelled,
  async handle(data, { log }) {
    await withdrawEventListings(data.id, log);
  },
});
