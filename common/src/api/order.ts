import type { OrderStatus } from '../events/fields';
import type { StatusChange } from './status-change';

/**
 * An order as every orders route answers it (DESIGN §4): POST /api/orders, GET and DELETE /api/orders/:id, and each
 * item of GET /api/orders (a plain array, newest first).
 */
export interface OrderJson {
  id: string;
  /** The buyer. */
  userId: string;
  status: OrderStatus;
  /** ISO 8601: after this instant the order no longer holds its ticket (DESIGN §7). */
  expiresAt: string;
  version: number;
  /** The ticket as the order was priced. */
  ticket: { id: string; title: string; price: number };
  /** Set on a cancelled order when the buyer should be told why, in words for the buyer. */
  cancelReason?: string;
}

/** One message of GET /api/orders/live (`event: order`): one of the signed-in buyer's orders. */
export type OrderStatusChange = StatusChange<OrderStatus>;
