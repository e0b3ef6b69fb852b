import { loadConfig, newObjectId, TicketCreated, TicketUpdated, type TicketEvent } from '@ticketing/common';
import {
  eventually,
  publishEvent,
  sessionCookie,
  startTestService,
  type TestService,
  TEST_JWT_KEY,
} from '@ticketing/testing';
import { ConfigSchema, type Config } from '../../src/config';
import { findReplicatedTicket, isReservedFor, type ReplicaTicket } from '../../src/models/ticket-replica';
import { ordersService } from '../../src/service';

/** One orders service in this test process (mongoose is a process singleton), its own NATS, and a test bus. */
export interface OrdersHarness extends TestService {
  config: Config;
}

export async function startOrders(env: Record<string, string> = {}): Promise<OrdersHarness> {
  let config!: Config;
  const started = await startTestService((e) => ordersService((config = loadConfig(ConfigSchema, e))), {
    database: 'orders',
    env,
  });
  return { ...started, config };
}

/** A signed-in user: its id and the Cookie header. */
export function signIn(): { id: string; cookie: string } {
  const { cookie, user } = sessionCookie(TEST_JWT_KEY);
  return { id: user.id, cookie };
}

export interface ApiResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
  body: any;
}

/** One HTTP request; never throws on a status (STYLE, Tests). `raw` sends a body as is. */
export async function api(
  baseUrl: string,
  method: string,
  path: string,
  options: { cookie?: string; json?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  } else if (options.raw !== undefined) {
    body = options.raw;
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}

/**
 * Lists a ticket as tickets would (TicketCreated on the bus), for `event` if given, and waits until the replica has
 * it.
 */
export async function listTicket(
  h: OrdersHarness,
  fields: { userId?: string; title?: string; price?: number; event?: TicketEvent } = {},
): Promise<ReplicaTicket> {
  const id = newObjectId();
  await publishEvent(h.bus, TicketCreated, {
    id,
    version: 0,
    title: fields.title ?? 'Rock Concert',
    price: fields.price ?? 100,
    userId: fields.userId ?? newObjectId(),
    ...(fields.event && { event: fields.event }),
  });
  return eventually(() => findReplicatedTicket(id), `ticket ${id} in the replica`);
}

/**
 * Reserves `ticket` (as listTicket returned it) for `orderId` as tickets would (the next TicketUpdated, naming the
 * order) and waits until the replica has it: a paid order completes only then (DESIGN §16).
 */
export async function reservedByTickets(h: OrdersHarness, ticket: ReplicaTicket, orderId: string): Promise<void> {
  const { id, title, price, userId, event } = ticket;
  await publishEvent(h.bus, TicketUpdated, { id, version: ticket.version + 1, title, price, userId, event, orderId });
  await eventually(() => isReservedFor(id, orderId), `ticket ${id} reserved for order ${orderId}`);
}

/** A new buyer's order (created, not yet reserved by tickets) for a newly listed ticket. */
export async function placedOrder(h: OrdersHarness) {
  const buyer = signIn();
  const ticket = await listTicket(h);
  const order = (await orderTicket(h, buyer.cookie, ticket.id)).body;
  return { buyer, ticket, order };
}

/** POST /api/orders for a ticket as the given buyer, with a waiting room's pass (the Queue-Pass header) if given. */
export function orderTicket(h: OrdersHarness, cookie: string, ticketId: string, pass?: string): Promise<ApiResponse> {
  return api(h.url, 'POST', '/api/orders', {
    cookie,
    json: { ticketId },
    ...(pass !== undefined && { headers: { 'Queue-Pass': pass } }),
  });
}

/** An event of tickets as its tickets carry it (DESIGN §12), starting in `startsInMs` (an hour by default). */
export function ticketEvent(
  fields: { startsInMs?: number; onSaleAt?: string; waitingRoom?: boolean; queueMinutes?: number } = {},
): TicketEvent {
  return {
    id: newObjectId(),
    startsAt: new Date(Date.now() + (fields.startsInMs ?? 3_600_000)).toISOString(),
    waitingRoom: fields.waitingRoom ?? false,
    ...(fields.onSaleAt !== undefined && { onSaleAt: fields.onSaleAt }),
    ...(fields.queueMinutes !== undefined && { queueMinutes: fields.queueMinutes }),
  };
}
