import { defineListener, retryLater, TicketCreated } from '@ticketing/common';
import { applyTicketVersion } from '../../models/ticket-replica';

/** A new ticket enters the replica (version 0); a redelivery is acked without effect. */
export const ticketCreatedListener = defineListener({
  event: TicketCreated,
  async handle(data) {
    if ((await applyTicketVersion(data)) === 'ahead') return retryLater();
  },
});
