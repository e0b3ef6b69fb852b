import type { TicketJson } from '@ticketing/common';
import { formatPrice } from './format';

// The JSON of DESIGN §12 "Events" (the catalogue, owned by tickets), as the client reads it: the names of common's
// src/api/event.ts, which the tickets engineer adds in parallel (this file then takes them from there).

/** The categories an event is filed under, in the order the chips show them. */
export const EVENT_CATEGORIES = ['concert', 'sports', 'theatre', 'comedy', 'festival', 'other'] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

export const categoryLabel: Record<EventCategory, string> = {
  concert: 'Concert',
  sports: 'Sports',
  theatre: 'Theatre',
  comedy: 'Comedy',
  festival: 'Festival',
  other: 'Other',
};

export type EventStatus = 'scheduled' | 'cancelled';

/** An event as GET /api/events/:id answers it, and each item of GET /api/events. */
export interface EventJson {
  id: string;
  title: string;
  venue: string;
  city: string;
  /** ISO 8601. */
  startsAt: string;
  category: EventCategory;
  status: EventStatus;
  /** Available listings, and the cheapest one's price in dollars (null when there is none). */
  ticketsAvailable: number;
  lowestPrice: number | null;
  version: number;
}

/** A page of events or of an event's tickets: `next` is the cursor of the following page, when there is one. */
export interface CursorPage {
  next?: string;
}
export type EventPageJson = CursorPage & { events: EventJson[] };
export type EventTicketsPageJson = CursorPage & { tickets: TicketJson[] };

/** The event a ticket belongs to, as the ticket JSON carries it (absent for a seed-style ticket). */
export type TicketEventJson = Pick<EventJson, 'id' | 'title' | 'venue' | 'city' | 'startsAt' | 'status'>;
export type TicketWithEventJson = TicketJson & { event?: TicketEventJson };

/** What the event's listings come to: "from $20 · 3 tickets", or "No tickets yet". */
export function listingSummary(event: Pick<EventJson, 'ticketsAvailable' | 'lowestPrice'>): string {
  if (event.ticketsAvailable === 0 || event.lowestPrice === null) return 'No tickets yet';
  const count = `${event.ticketsAvailable} ${event.ticketsAvailable === 1 ? 'ticket' : 'tickets'}`;
  return `from ${formatPrice(event.lowestPrice)} · ${count}`;
}

/** The services close an event's sales from `startsAt` on (DESIGN §12 "Started events are closed"). */
export function hasStarted(event: Pick<EventJson, 'startsAt'>, now: number = Date.now()): boolean {
  return Date.parse(event.startsAt) <= now;
}

/**
 * Why nobody can buy or sell for this event any more, in the visitor's words, or null while it is on: cancelled
 * first (a cancelled event that has since started was still cancelled).
 */
export function eventClosedReason(event: Pick<EventJson, 'startsAt' | 'status'>, now?: number): string | null {
  if (event.status === 'cancelled') return 'This event was cancelled';
  if (hasStarted(event, now)) return 'The event has started';
  return null;
}
