import type { ApplyOutcome, OrderStatus, VersionRecord } from '@ticketing/common';
import { VersionedLog } from '@ticketing/common';

/** What payments knows of an order (DESIGN §4): changed only by the orders service's events. */
export interface OrderReplica {
  userId: string;
  /** The ticket's price in dollars when the order was placed: what the charge takes. */
  price: number;
  status: OrderStatus;
  ticketId: string;
}

/**
 * The order replica: one record per order version, keyed `<orderId>:<version>`, so each version is applied at most
 * once and only after its predecessor (DESIGN §5, §6). Decisions read the log; no view is needed.
 */
export const orderLog = new VersionedLog<OrderReplica>('orders');

/** The newest known version of an order, or null if payments has not heard of it. */
export function findOrder(orderId: string): Promise<VersionRecord<OrderReplica> | null> {
  return orderLog.latest(orderId);
}

/** Applies OrderCreated (the order's first version). */
export function applyOrderCreated(orderId: string, version: number, order: OrderReplica): Promise<ApplyOutcome> {
  return orderLog.applyInOrder(orderId, version, order);
}

/**
 * Applies a status change (OrderCancelled, OrderCompleted) carried by version `version`. Those events carry no
 * price or user, so the new state is the predecessor's with the new status; without the predecessor the event is
 * `ahead` and waits for its redelivery.
 */
export async function applyOrderStatus(orderId: string, version: number, status: OrderStatus): Promise<ApplyOutcome> {
  if (await orderLog.at(orderId, version)) return 'already-applied';
  const previous = await orderLog.at(orderId, version - 1);
  if (!previous) return 'ahead';
  return orderLog.applyInOrder(orderId, version, { ...previous.state, status });
}
