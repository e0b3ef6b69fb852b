import type { PageQuery } from '@ticketing/common';
import { Ticket, tickets, toTicketJson, type TicketDoc, type TicketJson } from './ticket';

/** The ticket, or null. */
export async function findTicket(id: string): Promise<TicketJson | null> {
  const ticket = await tickets.find(id);
  return ticket ? toTicketJson(ticket) : null;
}

/**
 * Tickets newest first, `limit` at most, and only those created before the ticket `before` (a cursor: ids are
 * ObjectId hex, lower-case, of equal length, so string order is creation order); with `userId`, only that seller's.
 */
export async function listTickets(options: PageQuery & { userId?: string }): Promise<TicketJson[]> {
  const filter = {
    ...(options.before && { _id: { $lt: options.before } }),
    ...(options.userId && { userId: options.userId }),
  };
  const docs = await Ticket.find(filter, { outbox: 0 }).sort({ _id: -1 }).limit(options.limit).lean<TicketDoc[]>();
  return docs.map(toTicketJson);
}
