import { TicketCreated, TicketUpdated } from '@ticketing/common';

/** What the tickets service publishes (DESIGN §5), through the outbox of `ticketLog`; the flow map reads this. */
export const publishes = [TicketCreated, TicketUpdated] as const;
export { listeners } from './listeners';
