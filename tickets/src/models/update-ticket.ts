import { ConflictError, ForbiddenError, NotFoundError } from '@ticketing/common';
import { hasStarted } from './event';
import { tickets, toTicketJson, type TicketJson } from './ticket';
import { ticketUpdatedEvent } from './ticket-events';

/**
 * The seller edits the title and price. 404 if there is no such ticket; 403 if it is not theirs, checked before the
 * lock (the owner never changes); 409 while an order holds the ticket, once it is sold or withdrawn, or once its
 * event has started (DESIGN §12).
 *
 * Why an edit can never undo a reservation, or the reverse (DESIGN §6): both are `tickets.change()`, one conditional
 * update on `{ _id, version: n }`. If the reservation stores n+1 first, the edit's update matches nothing, `change()`
 * reads n+1 and decides again, sees the ticket reserved and answers 409; if the edit wins, the reservation decides
 * again from the edited version, and is refused if the price changed (order-effects.ts: reserveTicket).
 */
export async function updateTicket(
  id: string,
  userId: string,
  edit: { title: string; price: number },
): Promise<TicketJson> {
  const stored = await tickets.change(id, (ticket) => {
    if (!ticket) throw new NotFoundError('ticket');
    if (ticket.userId !== userId) throw new ForbiddenError('You do not own this ticket');
    // DESIGN §12: its event's tickets are closed from the event's start, and withdrawn ones for good.
    if (ticket.event && hasStarted(ticket.event)) throw new ConflictError('The event has started');
    if (ticket.withdrawn) throw new ConflictError('Ticket is withdrawn: its event was cancelled');
    if (ticket.sold) throw new ConflictError('Ticket is sold and cannot be edited');
    if (ticket.orderId) throw new ConflictError('Ticket is reserved and cannot be edited');
    const next = { title: edit.title, price: edit.price, userId: ticket.userId, event: ticket.event };
    return {
      set: { title: edit.title, price: edit.price },
      events: [ticketUpdatedEvent(id, ticket.version + 1, next)],
    };
  });
  // decide never returns null, so change() stores a version or throws.
  if (!stored) throw new Error(`ticket ${id}: edit stored nothing`);
  return toTicketJson(stored);
}
