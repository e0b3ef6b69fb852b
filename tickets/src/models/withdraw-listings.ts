import type { Logger } from '@ticketing/common';
import { Ticket, type TicketDoc, tickets } from './ticket';
import { ticketUpdatedEvent } from './ticket-events';

/** Tickets read and changed at a time: one batch's changes run together, the batches one after another. */
const WITHDRAW_BATCH = 50;

/**
 * Its event was cancelled (DESIGN §12): the ticket says so, and unless it is sold it is withdrawn, never orderable
 * again (orders learns it from the TicketUpdated; `withdrawn` wins over a reservation, whose order orders cancels).
 * One conditional update on the ticket's version with its TicketUpdated (DESIGN §6), so it races a reservation or an
 * edit as they race each other; a ticket already marked is left alone (null: nothing to store).
 */
export async function withdrawTicket(id: string): Promise<boolean> {
  const stored = await tickets.change(id, (ticket) => {
    if (!ticket?.event || ticket.event.status === 'cancelled') return null;
    const next = {
      ...ticket,
      event: { ...ticket.event, status: 'cancelled' as const },
      ...(!ticket.sold && { withdrawn: true }),
    };
    return {
      set: { 'event.status': 'cancelled', ...(!ticket.sold && { withdrawn: true }) },
      events: [ticketUpdatedEvent(id, ticket.version + 1, next)],
    };
  });
  return stored !== null;
}

/**
 * Withdraws every listing of a cancelled event, without a transaction (DESIGN §5): batches of the tickets not yet
 * marked, each ticket changed on its own. Restartable and idempotent: a crash or a redelivery starts again from
 * what is left unmarked, and two handlers at once (a redelivery to another replica while the first still works)
 * each change a ticket at most once between them, since each change is conditional on the version it read.
 * A ticket listed while the cancellation was stored is withdrawn by its own request (create-ticket.ts).
 * Resolves with how many tickets this call changed.
 */
export async function withdrawEventListings(eventId: string, log: Logger): Promise<number> {
  let changed = 0;
  for (;;) {
    const batch = await Ticket.find({ 'event.id': eventId, 'event.status': { $ne: 'cancelled' } }, { _id: 1 })
      .limit(WITHDRAW_BATCH)
      .lean<Pick<TicketDoc, '_id'>[]>()
      .exec();
    if (batch.length === 0) break;
    const results = await Promise.all(batch.map((ticket) => withdrawTicket(ticket._id)));
    changed += results.filter(Boolean).length;
  }
  if (changed > 0) log.info({ eventId, changed }, 'listings of a cancelled event withdrawn');
  return changed;
}
