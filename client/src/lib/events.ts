import type { EventCategory, EventJson } from '@ticketing/common';
import { formatPrice } from './format';

// The catalogue of DESIGN §12 "Events" (owned by tickets) as the client shows it; its JSON is common's src/api/event.ts.

/** The categories an event is filed under, in the order the chips show them. */
export const EVENT_CATEGORIES = [
  'concert',
  'sports',
  'theatre',
  'comedy',
  'festival',
  'other',
] as const satisfies readonly EventCategory[];

export const categoryLabel: Record<EventCategory, string> = {
  concert: 'Concert',
  sports: 'Sports',
  theatre: 'Theatre',
  comedy: 'Comedy',
  festival: 'Festival',
  other: 'Other',
};

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
