import { VersionedLog, type OrderStatus, type VersionRecord } from '@ticketing/common';

/** An order's state at one version (DESIGN §4). `expiresAt` is an ISO 8601 string, as it travels in events. */
export interface OrderState {
  userId: string;
  status: OrderStatus;
  expiresAt: string;
  ticket: { id: string; title: string; price: number };
}

/** An order as the API returns it (DESIGN §4): `{ id, userId, status, expiresAt, version, ticket }`. */
export interface OrderJson extends OrderState {
  id: string;
  version: number;
}

/**
 * Every version of every order: 0 when created, +1 per change (cancelled or completed). Each change is the insert
 * of the next version, so of two concurrent changes (a cancel and a payment) exactly one wins and the other decides
 * again from what won (DESIGN §6). The view (`orders`, one document per order) serves "my orders" lists only.
 */
export const orderLog = new VersionedLog<OrderState>('orders', { view: { indexes: [{ userId: 1 }] } });

export function toOrderJson(id: string, version: number, state: OrderState): OrderJson {
  const { userId, status, expiresAt, ticket } = state;
  return {
    id,
    userId,
    status,
    expiresAt,
    version,
    ticket: { id: ticket.id, title: ticket.title, price: ticket.price },
  };
}

export function recordToJson(record: VersionRecord<OrderState>): OrderJson {
  return toOrderJson(record.entityId, record.version, record.state);
}

/** An order at its newest version (read from the log, never from the view), or null. */
export async function findOrder(id: string): Promise<OrderJson | null> {
  const latest = await orderLog.latest(id);
  return latest ? recordToJson(latest) : null;
}

interface OrderViewDoc extends OrderState {
  _id: string;
  version: number;
}

/**
 * A buyer's orders, newest first, from the view. An order's expiresAt is its creation time plus the window, so it
 * orders them by creation; the id breaks ties.
 */
export async function listOrdersOf(userId: string): Promise<OrderJson[]> {
  if (!orderLog.view) throw new Error('the orders log has no view');
  const docs = await orderLog.view.find({ userId }).sort({ expiresAt: -1, _id: -1 }).lean<OrderViewDoc[]>();
  return docs.map((doc) => toOrderJson(doc._id, doc.version, doc));
}
