// One payments service per test file, in this process, on the real MongoDB engine and a private NATS, paying through the
// local Stripe fake (DESIGN §2: Stripe's HTTP API is the only double).
import {
  type Bus,
  type EventEnvelope,
  loadConfig,
  newObjectId,
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  type OrderCreatedData,
} from '@ticketing/common';
import {
  eventually,
  publishEvent,
  sessionCookie,
  startTestService,
  type TestService,
  TEST_JWT_KEY,
} from '@ticketing/testing';
import { ConfigSchema } from '../../src/config';
import { findReplicatedOrder } from '../../src/models/order-replica';
import { paymentsService } from '../../src/service';
import { TEST_STRIPE_KEY } from './stripe-fake-probe';

/** The webhook signing secrets payments is started with in tests (the fake signs its deliveries with them). */
export const TEST_WEBHOOK_SECRET = 'whsec_ticketing_payments_tests_platform';
export const TEST_CONNECT_WEBHOOK_SECRET = 'whsec_ticketing_payments_tests_connect';

export interface Harness extends TestService {
  /** The service's base URL (same as `url`). */
  base: string;
}

/** Starts NATS, the service (pointed at `stripeApiUrl`) and a test bus connection. */
export async function startPayments(stripeApiUrl: string, env: Record<string, string> = {}): Promise<Harness> {
  const started = await startTestService((e) => paymentsService(loadConfig(ConfigSchema, e)), {
    database: 'payments',
    env: {
      STRIPE_SECRET_KEY: TEST_STRIPE_KEY,
      STRIPE_API_URL: stripeApiUrl,
      STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      STRIPE_CONNECT_WEBHOOK_SECRET: TEST_CONNECT_WEBHOOK_SECRET,
      ...env,
    },
  });
  return { ...started, base: started.url };
}

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
  body: any;
}

/** An HTTP call that never throws on a status (STYLE, Tests). `body` as a string is sent raw. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { cookie?: string; body?: unknown; contentType?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  let payload: string | undefined;
  if (options.body !== undefined) {
    payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method, headers, ...(payload !== undefined && { body: payload }) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: res.status, body };
}

/** A signed-in buyer: their id and Cookie header. */
export function newBuyer(): { userId: string; cookie: string } {
  const { cookie, user } = sessionCookie(TEST_JWT_KEY);
  return { userId: user.id, cookie };
}

/**
 * Plays the orders service: publishes OrderCreated (version 0) for a fresh order of `userId`, payable for
 * `expiresInMs`, with the seller and the event of `more` (DESIGN §12), and waits until the replica has it (the replica
 * is state no route exposes, so it is read directly).
 */
export async function placeOrder(
  bus: Bus,
  userId: string,
  price = 20,
  expiresInMs = 15 * 60_000,
  more: Pick<OrderCreatedData, 'sellerId' | 'event'> = {},
): Promise<{ orderId: string; ticketId: string; created: EventEnvelope<OrderCreatedData> }> {
  const orderId = newObjectId();
  const ticketId = newObjectId();
  const { envelope } = await publishEvent(bus, OrderCreated, {
    id: orderId,
    version: 0,
    status: 'created',
    userId,
    expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
    ticket: { id: ticketId, price, version: 0 },
    ...more,
  });
  await eventually(() => findReplicatedOrder(orderId), `order ${orderId} in the replica`);
  return { orderId, ticketId, created: envelope };
}

/** The replica's order once it has reached `version`, else null. */
export async function replicaAt(orderId: string, version: number) {
  const order = await findReplicatedOrder(orderId);
  return order && order.version >= version ? order : null;
}

/** Publishes OrderCancelled (version 1) and, unless told not to, waits until the replica has applied it. */
export async function cancelOrder(bus: Bus, order: { orderId: string; ticketId: string }, wait = true): Promise<void> {
  await publishEvent(bus, OrderCancelled, { id: order.orderId, version: 1, ticket: { id: order.ticketId } });
  if (wait) await eventually(() => replicaAt(order.orderId, 1), `order ${order.orderId} cancelled in the replica`);
}

/** Publishes OrderCompleted (version 1) and waits until the replica has applied it. */
export async function completeOrder(bus: Bus, order: { orderId: string; ticketId: string }): Promise<void> {
  await publishEvent(bus, OrderCompleted, { id: order.orderId, version: 1, ticket: { id: order.ticketId } });
  await eventually(() => replicaAt(order.orderId, 1), `order ${order.orderId} completed in the replica`);
}

/** POST /api/payments. */
export function pay(base: string, cookie: string, orderId: string, paymentMethod = 'pm_card_visa'): Promise<Reply> {
  return call(base, 'POST', '/api/payments', { cookie, body: { orderId, paymentMethod } });
}

/** An event as OrderCreated carries it (DESIGN §12), starting in `startsInMs` (an hour by default). */
export function orderEvent(startsInMs = 3_600_000): { id: string; startsAt: string } {
  return { id: newObjectId(), startsAt: new Date(Date.now() + startsInMs).toISOString() };
}
