import { ChargeCreated } from './charge-created';
import { ChargeDisputed } from './charge-disputed';
import { ChargeRefunded } from './charge-refunded';
import { EventCancelled } from './event-cancelled';
import { EventCreated } from './event-created';
import { OrderCancelled } from './order-cancelled';
import { OrderCompleted } from './order-completed';
import { OrderCreated } from './order-created';
import { OrderExpired } from './order-expired';
import { ReservationRefused } from './reservation-refused';
import { TicketCreated } from './ticket-created';
import { TicketUpdated } from './ticket-updated';
import { UserCreated } from './user-created';
import { UserUpdated } from './user-updated';

/**
 * Every event of DESIGN's events tables: §5's in its order, then §16's, then §12's. The stream's subjects and the AsyncAPI
 * catalogue come from it.
 */
export const allEvents = [
  UserCreated,
  UserUpdated,
  TicketCreated,
  TicketUpdated,
  OrderCreated,
  OrderCancelled,
  OrderExpired,
  ChargeCreated,
  OrderCompleted,
  ChargeRefunded,
  ReservationRefused,
  EventCreated,
  EventCancelled,
  ChargeDisputed,
] as const;

/** The contract published on `subject`, if any. */
export function eventForSubject(subject: string): (typeof allEvents)[number] | undefined {
  return allEvents.find((e) => e.subject === subject);
}
