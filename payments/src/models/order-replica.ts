import { defineReplica, type ApplyOutcome, type OrderStatus, type Versioned } from '@ticketing/common';
import { Schema } from 'mongoose';

/** What payments knows of an order (DESIGN §4): changed only by the orders service's events. */
export interface OrderReplicaDoc extends Versioned {
  userId: string;
  /** The ticket's price in dollars when the order was placed: what the charge takes. */
  price: number;
  status: OrderStatus;
  ticketId: string;
  /** ISO 8601: past it the order is not payable, even before its cancellation arrives (DESIGN §5). */
  expiresAt: string;
  /** Who listed the ticket, to be paid out (DESIGN §12); absent on orders placed before OrderCreated carried it. */
  sellerId?: string;
  /** The ticket's event: from its `startsAt` on, or once it is cancelled, the order is not payable (DESIGN §12). */
  event?: { id: string; startsAt: string };
}

/** The order replica: each order version applied once and in order (DESIGN §5, §6). */
export const orderReplica = defineReplica<OrderReplicaDoc>('OrderReplica', 'orders', {
  userId: { type: String, required: true },
  price: { type: Number, required: true },
  status: { type: String, required: true },
  ticketId: { type: String, required: true },
  expiresAt: { type: String, required: true },
  sellerId: { type: String },
  event: {
    type: new Schema(
      { id: { type: String, required: true }, startsAt: { type: String, required: true } },
      { _id: false, id: false },
    ),
  },
});

export const OrderReplica = orderReplica.model;

/** The newest known version of an order, or null if payments has not heard of it. */
export function findReplicatedOrder(orderId: string): Promise<OrderReplicaDoc | null> {
  return orderReplica.find(orderId);
}

/** Applies OrderCreated (the order's first version). */
export function applyOrderCreated(
  orderId: string,
  version: number,
  order: Omit<OrderReplicaDoc, '_id' | 'version'>,
): Promise<ApplyOutcome> {
  return orderReplica.apply(orderId, version, order);
}

/**
 * Applies a status change (OrderCancelled, OrderCompleted) carried by version `version`: those events carry no price
 * or user, so only the status changes; without the predecessor the event is `ahead` and waits for its redelivery.
 */
export function applyOrderStatus(orderId: string, version: number, status: OrderStatus): Promise<ApplyOutcome> {
  return orderReplica.apply(orderId, version, { status });
}
