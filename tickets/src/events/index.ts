import { EventCancelled, EventCreated, ReservationRefused, TicketCreated, TicketUpdated } from '@ticketing/common';

/**
 * What tickets publishes (DESIGN §5, §12, §16): TicketCreated and TicketUpdated through the outbox of `tickets`,
 * ReservationRefused through that of `orderProgress`, EventCreated and EventCancelled through that of `events`; the
 * flow map reads this.
 */
export const publishes = [TicketCreated, TicketUpdated, ReservationRefused, EventCreated, EventCancelled] as const;
export { listeners } from './listeners';
