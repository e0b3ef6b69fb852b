import 'server-only';
import type {
  EntryTallyJson,
  ChargeJson,
  CurrentUserJson,
  EventJson,
  EventPageJson,
  EventTicketsPageJson,
  OrderJson,
  SellerPayoutsJson,
  TicketJson,
  UserJson,
} from '@ticketing/common';
import { headers } from 'next/headers';
import { cache } from 'react';
import { apiRequest } from './api-request';
import { pagePath } from './page';
import { type ApiResult, toApiResult, unreachable } from './api-result';
import { eventsApiPath, type EventSearch } from './event-search';
import { serverConfig } from './server-config';

/**
 * GET from the API during server rendering, on behalf of the signed-in user: the browser's cookie
 * is forwarded as is. Never throws: HTTP errors and an unreachable API come back as `ok: false`.
 * Only reads happen on the server; every write is made by the browser so that the services'
 * Set-Cookie answers reach it directly.
 */
export async function serverGet<T>(path: string): Promise<ApiResult<T>> {
  const config = serverConfig();
  const url = new URL(path, config.apiUrl);
  const requestHeaders: Record<string, string> = { accept: 'application/json' };
  const cookie = (await headers()).get('cookie');
  if (cookie) requestHeaders.cookie = cookie;
  if (config.apiHostHeader) requestHeaders.host = config.apiHostHeader;
  try {
    const { status, text } = await apiRequest(url, requestHeaders);
    return toApiResult<T>(status, text);
  } catch (err) {
    console.error(`GET ${url.href} failed: ${err instanceof Error ? err.message : String(err)}`);
    return unreachable<T>();
  }
}

/**
 * The signed-in user, or null when signed out or when auth cannot be reached (the page then shows
 * the signed-out header, and its own data request reports the outage). Cached per request: the
 * layout and the page both ask.
 */
export const getCurrentUser = cache(async (): Promise<UserJson | null> => {
  const result = await serverGet<CurrentUserJson>('/api/users/currentuser');
  return result.ok ? (result.data?.currentUser ?? null) : null;
});

/** GET /api/tickets: a page of tickets, newest first. */
export const listTickets = (before?: string) => serverGet<TicketJson[]>(pagePath('/api/tickets', before));

/** GET /api/tickets/mine: the signed-in seller's tickets, newest first (401 when signed out). */
export const listMyTickets = () => serverGet<TicketJson[]>('/api/tickets/mine?limit=100');

export const getTicket = (id: string) => serverGet<TicketJson>(`/api/tickets/${encodeURIComponent(id)}`);
/** GET /api/orders: a page of the signed-in buyer's orders, newest first (401 when signed out). */
export const listOrders = (before?: string) => serverGet<OrderJson[]>(pagePath('/api/orders', before));
export const getOrder = (id: string) => serverGet<OrderJson>(`/api/orders/${encodeURIComponent(id)}`);
export const listCharges = (orderId: string) =>
  serverGet<ChargeJson[]>(`/api/payments?${new URLSearchParams({ orderId }).toString()}`);

/** GET /api/payments/payouts: the signed-in seller's payout account and a page of their payouts (401 signed out). */
export const getPayouts = (before?: string) => serverGet<SellerPayoutsJson>(pagePath('/api/payments/payouts', before));

/** How many events a page of the search shows. */
export const EVENTS_PAGE_SIZE = 20;

/** GET /api/events: a page of the events that match, soonest first. */
export const searchEvents = (search: EventSearch) => serverGet<EventPageJson>(eventsApiPath(search, EVENTS_PAGE_SIZE));
export const getEvent = (id: string) => serverGet<EventJson>(`/api/events/${encodeURIComponent(id)}`);
/** An event's door count, admitted against sold (admins only, DESIGN §12 "Entry"). */
export const getEntryTally = (eventId: string) =>
  serverGet<EntryTallyJson>(`/api/entries?eventId=${encodeURIComponent(eventId)}`);
/**
 * GET /api/events/:id/tickets: a page of the event's available listings, cheapest first (the API's largest page),
 * after the cursor of the previous page when one is given.
 */
export function eventTicketsPath(id: string, after?: string): string {
  const query = new URLSearchParams({ limit: '100' });
  if (after) query.set('after', after);
  return `/api/events/${encodeURIComponent(id)}/tickets?${query.toString()}`;
}
export const listEventTickets = (id: string, after?: string) =>
  serverGet<EventTicketsPageJson>(eventTicketsPath(id, after));
