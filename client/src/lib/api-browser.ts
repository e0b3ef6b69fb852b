import type {
  ChargeJson,
  EntryJson,
  EventCategory,
  EventJson,
  OnboardingJson,
  OrderJson,
  PendingChargeJson,
  QueueStatusJson,
  TicketJson,
  UserJson,
} from '@ticketing/common';
import { type ApiResult, toApiResult, unreachable } from './api-result';
import type { OnSaleFields } from './event-on-sale';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * A request from the browser to the API on the same origin (the gateway or the Ingress routes
 * /api/* to the services), so the session cookie goes along and Set-Cookie lands. Never throws.
 */
export async function browserFetch<T>(
  method: Method,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<ApiResult<T>> {
  try {
    const res = await fetch(path, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: {
        accept: 'application/json',
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...extraHeaders,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return toApiResult<T>(res.status, await res.text());
  } catch {
    return unreachable<T>();
  }
}

/** The waiting room of an event (DESIGN §13); its live stream is `${queuePath(eventId)}/stream`. */
export const queuePath = (eventId: string) => `/api/queue/${encodeURIComponent(eventId)}`;

export type Credentials = { email: string; password: string };
/** A ticket's fields; `eventId` lists it for an event (then `title` is the seller's note on the seat). */
export type TicketInput = { title: string; price: number; eventId?: string };
/** POST /api/events: `startsAt` is ISO 8601. */
export type EventInput = {
  title: string;
  venue: string;
  city: string;
  startsAt: string;
  category: EventCategory;
} & OnSaleFields;

export const api = {
  signUp: (body: Credentials) => browserFetch<UserJson>('POST', '/api/users/signup', body),
  signIn: (body: Credentials) => browserFetch<UserJson>('POST', '/api/users/signin', body),
  signOut: () => browserFetch<unknown>('POST', '/api/users/signout', {}),
  createTicket: (body: TicketInput) => browserFetch<TicketJson>('POST', '/api/tickets', body),
  updateTicket: (id: string, body: TicketInput) =>
    browserFetch<TicketJson>('PUT', `/api/tickets/${encodeURIComponent(id)}`, body),
  /** 201 the new event, or 200 the same event someone created before (DESIGN §12). */
  createEvent: (body: EventInput) => browserFetch<EventJson>('POST', '/api/events', body),
  /** Admins only: 200 the cancelled event. */
  cancelEvent: (id: string) => browserFetch<EventJson>('POST', `/api/events/${encodeURIComponent(id)}/cancel`, {}),
  /** `queuePass`: the waiting room's pass for the ticket's event (DESIGN §13), sent as the Queue-Pass header. */
  createOrder: (ticketId: string, queuePass?: string) =>
    browserFetch<OrderJson>('POST', '/api/orders', { ticketId }, queuePass ? { 'Queue-Pass': queuePass } : {}),
  /** Takes a place in the event's waiting room, or answers the place held (DESIGN §13). */
  joinQueue: (eventId: string) => browserFetch<QueueStatusJson>('POST', queuePath(eventId), {}),
  /** The buyer's status in the room; 404 without a place. */
  queueStatus: (eventId: string) => browserFetch<QueueStatusJson>('GET', queuePath(eventId)),
  getOrder: (id: string) => browserFetch<OrderJson>('GET', `/api/orders/${encodeURIComponent(id)}`),
  /** The holder gives the e-ticket to another user (DESIGN §12): 200 the order as the sender now sees it. */
  transferOrder: (id: string, email: string) =>
    browserFetch<OrderJson>('POST', `/api/orders/${encodeURIComponent(id)}/transfer`, { email }),
  /** Admins at the door: 200 admitted; a refusal is a 400 or 409 whose message is the reason (DESIGN §12). */
  admit: (eventId: string, code: string) => browserFetch<EntryJson>('POST', '/api/entries', { eventId, code }),
  /** 201: the charge (completed); 202: a PendingChargeJson (3-D Secure needed, or processing). */
  pay: (orderId: string, paymentMethod: string) =>
    browserFetch<ChargeJson | PendingChargeJson>('POST', '/api/payments', { orderId, paymentMethod }),
  /** After stripe.handleNextAction: payments reads the PaymentIntent and settles the charge (same answers as pay). */
  confirmPayment: (orderId: string) =>
    browserFetch<ChargeJson | PendingChargeJson>('POST', '/api/payments/confirm', { orderId }),
  /**
   * A seller sets up payouts (DESIGN §12): payments makes their Stripe account the first time, and each call answers a
   * fresh single-use link to Stripe's onboarding (the fake's page locally), where the browser goes next.
   */
  startPayoutsOnboarding: () => browserFetch<OnboardingJson>('POST', '/api/payments/payouts/account', {}),
};
