// E-tickets (DESIGN §12) as the tests reach them: over HTTP and the bus only, so that the same helpers drive the
// service in this process and replicas in child processes.
import {
  ChargeCreated,
  newObjectId,
  TicketCreated,
  TicketUpdated,
  UserCreated,
  type Bus,
  type OrderJson,
  type TicketEvent,
} from '@ticketing/common';
import { eventually, publishEvent, sessionCookie, TEST_JWT_KEY } from '@ticketing/testing';
import { api } from './harness';

/** One orders service (or replica): its URL, and the test's bus connection to the NATS it listens on. */
export interface OrdersTarget {
  url: string;
  bus: Bus;
}

/** A user auth has made: known to orders' users replica once UserCreated has arrived. */
export interface RegisteredUser {
  id: string;
  email: string;
  cookie: string;
}

/** A user signed up as auth would report it (UserCreated); `settled(bus, 'orders-user-created')` waits for orders. */
export async function registeredUser(bus: Bus, fields: { email?: string } = {}): Promise<RegisteredUser> {
  const id = newObjectId();
  const email = fields.email ?? `user-${id}@test.dev`;
  await publishEvent(bus, UserCreated, { id, email, version: 0 });
  return { id, email, cookie: sessionCookie(TEST_JWT_KEY, { id, email }).cookie };
}

/** An admin's session (door staff). */
export const adminCookie = (): string => sessionCookie(TEST_JWT_KEY, { roles: ['admin'] }).cookie;

/** An event of tickets as its tickets carry it (DESIGN §12), starting in `startsInMs` (an hour by default). */
export function titledEvent(fields: { startsInMs?: number; title?: string } = {}): TicketEvent {
  return {
    id: newObjectId(),
    title: fields.title ?? 'Rock Night',
    startsAt: new Date(Date.now() + (fields.startsInMs ?? 3_600_000)).toISOString(),
    waitingRoom: false,
  };
}

/**
 * A completed order of `buyer` for a new ticket of `event`, as the other services would make it: tickets lists and
 * reserves the ticket, payments reports the charge. Resolves with the order as its buyer sees it (with its e-ticket).
 */
export async function completedOrder(
  t: OrdersTarget,
  buyer: RegisteredUser,
  fields: { event?: TicketEvent; title?: string } = {},
): Promise<OrderJson> {
  const ticket = { id: newObjectId(), title: fields.title ?? 'Floor, row 3', price: 40, userId: newObjectId() };
  const event = fields.event;
  await publishEvent(t.bus, TicketCreated, { ...ticket, version: 0, ...(event && { event }) });
  const placed = await eventually(async () => {
    const res = await api(t.url, 'POST', '/api/orders', { cookie: buyer.cookie, json: { ticketId: ticket.id } });
    return res.status === 201 ? (res.body as OrderJson) : null;
  }, `order of ticket ${ticket.id} placed`);
  await publishEvent(t.bus, TicketUpdated, { ...ticket, version: 1, ...(event && { event }), orderId: placed.id });
  await publishEvent(t.bus, ChargeCreated, {
    id: newObjectId(),
    orderId: placed.id,
    status: 'completed',
    amount: ticket.price,
    stripeId: `pi_${newObjectId()}`,
  });
  return eventually(async () => {
    const res = await api(t.url, 'GET', `/api/orders/${placed.id}`, { cookie: buyer.cookie });
    return res.body?.eticket ? (res.body as OrderJson) : null;
  }, `order ${placed.id} completed with its e-ticket`);
}

/** POST /api/entries as door staff. */
export function scan(t: { url: string }, eventId: string, code: string, cookie = adminCookie()) {
  return api(t.url, 'POST', '/api/entries', { cookie, json: { eventId, code } });
}

/** POST /api/orders/:id/transfer as `from`. */
export function transfer(t: { url: string }, orderId: string, from: RegisteredUser, email: string) {
  return api(t.url, 'POST', `/api/orders/${orderId}/transfer`, { cookie: from.cookie, json: { email } });
}
