import { type EventEnvelope, TicketCreated, TicketUpdated, type TicketUpdatedData } from '@ticketing/common';
import { Event, type EventDoc, type ListingEntry } from './event';
import { ticketStatus } from './ticket-status';

/** What applying one ticket change to its event's summary came to. */
export type ListingChangeOutcome = 'applied' | 'already-applied' | 'no-event';

/** One ticket's change as the summary takes it: the ticket at `version`, and whether it is on sale then. */
export interface ListingChange {
  eventId: string;
  ticketId: string;
  version: number;
  price: number;
  available: boolean;
}

/** The figures of the summary (DESIGN §12): how many listings are on sale and the cheapest (null when none). */
export function summarize(listings: Record<string, ListingEntry>): Pick<EventDoc, 'ticketsAvailable' | 'lowestPrice'> {
  const prices = Object.values(listings)
    .filter((entry) => entry.available)
    .map((entry) => entry.price);
  return { ticketsAvailable: prices.length, lowestPrice: prices.length > 0 ? Math.min(...prices) : null };
}

/**
 * Applies a ticket's change to its event's listing summary (DESIGN §12), at most once per (ticket, version) and
 * never behind a newer one: an entry already at `version` or later makes it a no-op, so a redelivery, two replicas'
 * relays publishing the same event, or an older change arriving after a newer one change nothing.
 *
 * ONE conditional update of the event stores the entry and the two figures derived from the whole map: the engine
 * here (mongo-java-server 1.46.0) has no aggregation-pipeline update, which could derive them inside the update
 * (tested: it answers "ArrayList cannot be cast to Document"), so the map is read, the figures computed, and the
 * update is conditioned on the summary's counter as read (`summaryVersion`). Another ticket's change stored first
 * makes it match nothing: read again and decide again, as every change of DESIGN §6 does. Neither can undo the
 * other, since each derives the figures from a map that holds the other's entry.
 */
export async function applyListingSummary(change: ListingChange, attempts = 50): Promise<ListingChangeOutcome> {
  const entryPath = `listings.${change.ticketId}`;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const event = await Event.findById(change.eventId, { listings: 1, summaryVersion: 1 }).lean<EventDoc>().exec();
    if (!event) return 'no-event';
    const current = event.listings?.[change.ticketId];
    if (current && current.version >= change.version) return 'already-applied';
    const entry: ListingEntry = { price: change.price, version: change.version, available: change.available };
    const figures = summarize({ ...event.listings, [change.ticketId]: entry });
    const { matchedCount } = await Event.collection.updateOne(
      { _id: change.eventId, summaryVersion: event.summaryVersion } as never,
      { $set: { [entryPath]: entry, ...figures, summaryVersion: event.summaryVersion + 1 } },
    );
    if (matchedCount === 1) return 'applied';
    // Another ticket of the event changed it first: back off a little (jittered), then decide again.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * attempt));
  }
  throw new Error(`event ${change.eventId}: too many concurrent listing changes`);
}

/**
 * The tickets store's `relayed` step: each published TicketCreated and TicketUpdated of a ticket listed for an event
 * updates that event's summary before it leaves the outbox (EntityStoreOptions.relayed), so a crash loses no change
 * and the summary lags a ticket's change by the relay's delay (milliseconds; a failed step is retried by the next
 * sweep, within a second). Tickets without an event, and other events of the store, have no summary to change.
 */
export async function applyListingChange(envelope: EventEnvelope): Promise<void> {
  // A TicketCreated is the ticket's first version, available; a TicketUpdated says what it is now.
  const data: TicketUpdatedData | undefined =
    envelope.subject === TicketCreated.subject
      ? TicketCreated.parse(envelope).data
      : envelope.subject === TicketUpdated.subject
        ? TicketUpdated.parse(envelope).data
        : undefined;
  if (!data?.event) return;
  await applyListingSummary({
    eventId: data.event.id,
    ticketId: data.id,
    version: data.version,
    price: data.price,
    available: ticketStatus(data) === 'available',
  });
}
