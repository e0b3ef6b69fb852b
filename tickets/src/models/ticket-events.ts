import { TicketCreated, TicketUpdated, type EventEnvelope } from '@ticketing/common';
import { ticketEventOf, type TicketState } from './ticket';

/** The TicketCreated event of version 0, stored in the same insert as the ticket (the outbox, DESIGN §5). */
export function ticketCreatedEvent(id: string, state: TicketState): EventEnvelope {
  return TicketCreated.create({
    id,
    version: 0,
    title: state.title,
    price: state.price,
    userId: state.userId,
    ...(state.event && { event: ticketEventOf(state.event) }),
  });
}

/**
 * The TicketUpdated event reporting `version`, with the ticket's event and its withdrawal when it has them. `orderId` is left out (not set to undefined) when no order holds the
 * ticket: the envelope is stored in MongoDB, where an undefined field becomes null, which the contract refuses.
 */
export function ticketUpdatedEvent(id: string, version: number, state: TicketState): EventEnvelope {
  return TicketUpdated.create({
    id,
    version,
    title: state.title,
    price: state.price,
    userId: state.userId,
    ...(state.orderId ? { orderId: state.orderId } : {}),
    sold: state.sold === true,
    ...(state.event && { event: ticketEventOf(state.event) }),
    // Only once withdrawn, so the events of a ticket that never was keep their earlier shape.
    ...(state.withdrawn && { withdrawn: true }),
  });
}
