import { chargeCreatedListener } from './charge-created-listener';
import { orderExpiredListener } from './order-expired-listener';
import { ticketCreatedListener } from './ticket-created-listener';
import { ticketUpdatedListener } from './ticket-updated-listener';

/** What orders consumes, one listener per subject (read by the event-flow map). */
export const listeners = [ticketCreatedListener, ticketUpdatedListener, orderExpiredListener, chargeCreatedListener];
