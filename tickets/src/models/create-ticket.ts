import { newObjectId } from '@ticketing/common';
import { tickets, toTicketJson, type TicketJson } from './ticket';
import { ticketCreatedEvent } from './ticket-events';

/** Lists a new ticket: version 0 and its TicketCreated event, stored by one insert (so the event cannot be lost). */
export async function createTicket(input: { title: string; price: number; userId: string }): Promise<TicketJson> {
  const id = newObjectId();
  const state = { title: input.title, price: input.price, userId: input.userId };
  return toTicketJson(await tickets.insert({ _id: id, ...state }, [ticketCreatedEvent(id, state)]));
}
