import type { EventCategory } from '@ticketing/common';
import { EVENT_CATEGORIES } from './events';

/**
 * A search of the events, as the home page's URL carries it (`/?q=rock&category=concert&city=Berlin&from=2027-01-01`),
 * so that a search is a link: shareable, kept by the back button, and made by a plain GET form without JavaScript.
 * Dates are the date inputs' `YYYY-MM-DD`.
 */
export interface EventSearch {
  q: string;
  category: EventCategory | '';
  city: string;
  from: string;
  to: string;
  /** The API's opaque cursor of the page shown (absent on the first page). */
  after: string;
}

type SearchParams = Record<string, string | string[] | undefined>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Longer than any field the API accepts (200 characters): anything longer is cut, and the API says what is wrong. */
const MAX_TEXT = 300;

function one(value: string | string[] | undefined): string {
  return typeof value === 'string' ? value.trim().slice(0, MAX_TEXT) : '';
}

/**
 * The search from a page's search parameters. A category that is not one and a date the date input cannot have made
 * are dropped (a hand-edited URL shows the wider search rather than an error); the text fields and the cursor go to
 * the API as they are, which answers a bad one with a 400 naming it.
 */
export function parseEventSearch(params: SearchParams): EventSearch {
  const category = one(params.category);
  const date = (value: string | string[] | undefined) => (DATE.test(one(value)) ? one(value) : '');
  return {
    q: one(params.q),
    category: (EVENT_CATEGORIES as readonly string[]).includes(category) ? (category as EventCategory) : '',
    city: one(params.city),
    from: date(params.from),
    to: date(params.to),
    after: one(params.after),
  };
}

/** Whether the search narrows anything (what the empty list says depends on it). */
export function isFiltered(search: EventSearch): boolean {
  return Boolean(search.q || search.category || search.city || search.from || search.to);
}

/**
 * The URL of the page at `basePath` (the home page, or the sell page's event step) for `search` with `changes`
 * applied: only the fields that are set, in a fixed order. Any change but the cursor starts again from the first page.
 */
export function searchHref(search: EventSearch, changes: Partial<EventSearch> = {}, basePath = '/'): string {
  const next = { ...search, ...(changes.after === undefined && { after: '' }), ...changes };
  const query = new URLSearchParams();
  for (const key of ['q', 'category', 'city', 'from', 'to', 'after'] as const) {
    if (next[key]) query.set(key, next[key]);
  }
  const text = query.toString();
  return text ? `${basePath}?${text}` : basePath;
}

/**
 * GET /api/events for `search`: the dates as instants, `from` at the start of its day and `to` at its end (UTC, the
 * zone the API's instants are in), so that "to 20 December" includes the evening of the 20th.
 */
export function eventsApiPath(search: EventSearch, limit: number): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (search.q) query.set('q', search.q);
  if (search.category) query.set('category', search.category);
  if (search.city) query.set('city', search.city);
  if (search.from) query.set('from', `${search.from}T00:00:00.000Z`);
  if (search.to) query.set('to', `${search.to}T23:59:59.999Z`);
  if (search.after) query.set('after', search.after);
  return `/api/events?${query.toString()}`;
}
