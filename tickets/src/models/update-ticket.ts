import { ConflictError, ForbiddenError, NotFoundError } from '@ticketing/common';
import { ticketLog, toTicketJson, type TicketJson, type TicketState } from './ticket';
import { ticketUpdatedEvent } from './ticket-events';

/**
 * The seller edits the title and price. 404 if there is no such ticket; 403 if it is not theirs, checked on the
 * newest version before the change is attempted (an edit by a stranger never competes for a version); 409 while an
 * order holds the ticket or once it is sold.
 *
 * Why an edit can never undo a reservation, or the reverse, on FerretDB (DESIGN §6): both are `ticketLog.change()`,
 * i.e. the insert of version n+1 under a unique `_id`. If the reservation stores n+1 first, the edit's insert gets
 * E11000, `change()` reads n+1 and decides again, sees the ticket reserved and answers 409; if the edit wins, the
 * reservation re-decides from the edited version and keeps the new price. No write overwrites another's state.
 */
export async function updateTicket(
  id: string,
  userId: string,
  edit: { title: string; price: number },
): Promise<TicketJson> {
  const current = await ticketLog.latest(id);
  if (!current) throw new NotFoundError('ticket');
  if (current.state.userId !== userId) throw new ForbiddenError('You do not own this ticket');

  const stored = await ticketLog.change(id, (latest) => {
    if (!latest) throw new NotFoundError('ticket');
    if (latest.state.userId !== userId) throw new ForbiddenError('You do not own this ticket');
    if (latest.state.sold) throw new ConflictError('Ticket is sold and cannot be edited');
    if (latest.state.orderId) throw new ConflictError('Ticket is reserved and cannot be edited');
    const state: TicketState = { title: edit.title, price: edit.price, userId: latest.state.userId };
    return { state, events: [ticketUpdatedEvent(id, latest.version + 1, state)] };
  });
  // decide never returns null, so change() stores a version or throws.
  if (!stored) throw new Error(`ticket ${id}: edit stored nothing`);
  return toTicketJson(id, stored.version, stored.state);
}
