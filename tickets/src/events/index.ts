import { TicketCreated, TicketUpdated } from '@ticketing/common';

/** What tickets publishes (DESIGN §5), through the outbox of `tickets`; the flow map reads this. */
export const publishes = [TicketCreated, TicketUpdated] as const;
export { listeners } from './listeners';
