import { ticketLog, toTicketJson, type TicketJson, type TicketState } from './ticket';

/** The ticket's newest version, read from the log (authoritative, not the view), or null. */
export async function findTicket(id: string): Promise<TicketJson | null> {
  const latest = await ticketLog.latest(id);
  return latest ? toTicketJson(id, latest.version, latest.state) : null;
}

interface ViewDoc extends TicketState {
  _id: string;
  version: number;
}

/**
 * Tickets newest first, `limit` at most, and only those created before the ticket `before` (a cursor: ids are
 * ObjectId hex, lower-case, of equal length, so string order is creation order). Reads the view, which may lag the
 * log by the moment between a version's insert and its view write.
 */
export async function listTickets(options: { limit: number; before?: string }): Promise<TicketJson[]> {
  const view = ticketLog.view;
  if (!view) throw new Error('the tickets log has no view');
  const filter = options.before ? { _id: { $lt: options.before } } : {};
  const docs = await view.find(filter).sort({ _id: -1 }).limit(options.limit).lean<ViewDoc[]>();
  return docs.map(({ _id, version, title, price, userId, orderId, sold }) =>
    toTicketJson(_id, version, { title, price, userId, ...(orderId ? { orderId } : {}), ...(sold ? { sold } : {}) }),
  );
}
