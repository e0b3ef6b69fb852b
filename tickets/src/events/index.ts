import { ReservationRefused, TicketCreated, TicketUpdated } from '@ticketing/common';

/**
 * What tickets publishes (DESIGN §5, §16): TicketCreated and TicketUpdated through the outbox of `tickets`,
 * ReservationRefused through that of `orderProgress`; the flow map reads this.
 */
export const publishes = [TicketCreated, TicketUpdated, ReservationRefused] as const;
export { listeners } from './listeners';
