import { newObjectId } from '@ticketing/common';
import { ticketLog, toTicketJson, type TicketJson } from './ticket';
import { ticketCreatedEvent } from './ticket-events';

/** Lists a new ticket: version 0 and its TicketCreated event, stored by one insert (so the event cannot be lost). */
export async function createTicket(input: { title: string; price: number; userId: string }): Promise<TicketJson> {
  const id = newObjectId();
  const state = { title: input.title, price: input.price, userId: input.userId };
  const stored = await ticketLog.append(id, 0, state, [ticketCreatedEvent(id, state)]);
  // A fresh ObjectId cannot collide; if it ever did, failing loudly beats answering with someone else's ticket.
  if (!stored) throw new Error(`ticket ${id} already exists`);
  return toTicketJson(id, stored.version, stored.state);
}
