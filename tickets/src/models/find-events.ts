import type { EventCategory, EventJson, EventPageJson, EventTicketsPageJson } from '@ticketing/common';
import type { FilterQuery } from 'mongoose';
import { Event, EVENT_PROJECTION, type EventDoc, toEventJson } from './event';
import { prefixPattern } from './event-words';
import { afterFilter, pageOf } from './page-cursor';
import { Ticket, type TicketDoc, toTicketJson } from './ticket';

/** The event, or null (the list's projection: no summary map, no outbox). */
export async function findEvent(id: string): Promise<EventJson | null> {
  const event = await Event.findById(id, EVENT_PROJECTION).lean<EventDoc>().exec();
  return event ? toEventJson(event) : null;
}

/** A page of the catalogue as GET /api/events asks for it, parsed (routes/event-fields.ts). */
export interface EventQuery {
  /** The words of `q`, normalized (event-words.ts); each must begin a stored word. */
  words: string[];
  category?: EventCategory;
  /** The city's key (event-words.ts: cityKeyOf). */
  cityKey?: string;
  from: Date;
  to?: Date;
  limit: number;
  after?: { startsAt: Date; id: string };
}

/**
 * The events that match, by `startsAt` then id, `limit` at most, after the cursor's; `next` when more may follow.
 * Every word of `q` must begin one of the event's words: one `$elemMatch` per word, an anchored prefix on the escaped
 * text, all of them required (`$all`), which MongoDB answers from the multikey index on `searchWords`.
 */
export async function listEvents(query: EventQuery): Promise<EventPageJson> {
  const filter: FilterQuery<EventDoc> = {
    startsAt: { $gte: query.from, ...(query.to && { $lte: query.to }) },
    ...(query.words.length > 0 && {
      searchWords: { $all: query.words.map((word) => ({ $elemMatch: { $regex: prefixPattern(word) } })) },
    }),
    ...(query.category && { category: query.category }),
    ...(query.cityKey !== undefined && { cityKey: query.cityKey }),
    ...(query.after && afterFilter('startsAt', query.after.startsAt, query.after.id)),
  };
  const docs = await Event.find(filter, EVENT_PROJECTION)
    .sort({ startsAt: 1, _id: 1 })
    .limit(query.limit + 1)
    .lean<EventDoc[]>()
    .exec();
  const { shown, next } = pageOf(docs, query.limit, (event) => event.startsAt.toISOString());
  return { events: shown.map(toEventJson), ...(next && { next }) };
}

/** The filter of an event's tickets on sale: listed for it, not held, not sold, not withdrawn. */
export function availableTicketsFilter(eventId: string): FilterQuery<TicketDoc> {
  return { 'event.id': eventId, orderId: { $exists: false }, sold: { $ne: true }, withdrawn: { $ne: true } };
}

/**
 * The event's tickets on sale, cheapest first (then by id), `limit` at most, after the cursor's; `next` when more
 * may follow. Read from the tickets themselves, so a ticket reserved a moment ago is not offered.
 */
export async function listEventTickets(
  eventId: string,
  page: { limit: number; after?: { price: number; id: string } },
): Promise<EventTicketsPageJson> {
  const filter: FilterQuery<TicketDoc> = {
    ...availableTicketsFilter(eventId),
    ...(page.after && afterFilter('price', page.after.price, page.after.id)),
  };
  const docs = await Ticket.find(filter, { outbox: 0 })
    .sort({ price: 1, _id: 1 })
    .limit(page.limit + 1)
    .lean<TicketDoc[]>()
    .exec();
  const { shown, next } = pageOf(docs, page.limit, (ticket) => ticket.price);
  return { tickets: shown.map(toTicketJson), ...(next && { next }) };
}
