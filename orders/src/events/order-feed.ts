import {
  type Bus,
  createEventStream,
  type Dependency,
  type EventStream,
  liveFeedDependency,
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  type OrderStatusChange,
  subscribeLive,
} from '@ticketing/common';
import { findOrderOwner } from '../models/order';

/** The live feed of each buyer's orders; a stream's audience is its buyer's user id. */
export interface OrderFeed {
  stream: EventStream<string>;
  connect(bus: Bus): Dependency;
}

/** Owners remembered from OrderCreated, so that most closing events need no lookup; the oldest go first. */
const OWNERS_KEPT = 10_000;

/**
 * Feeds GET /api/orders/live from this service's own order events through a plain core-NATS subscription (every
 * replica sees every event: each holds its own browsers' streams). A stream gets only its buyer's orders.
 * OrderCancelled and OrderCompleted carry no userId: the owner comes from the OrderCreated seen by this replica, or
 * else from one lookup by `_id`, and only while some stream is open, so that an idle feed costs nothing.
 */
export function createOrderFeed(): OrderFeed {
  const stream = createEventStream<string>();
  const owners = new Map<string, string>();
  const remember = (orderId: string, userId: string): void => {
    owners.set(orderId, userId);
    if (owners.size > OWNERS_KEPT) owners.delete(owners.keys().next().value ?? '');
  };
  const sendTo = (userId: string, change: OrderStatusChange): void =>
    void stream.send('order', change, (audience) => audience === userId);
  const closed = async (change: OrderStatusChange): Promise<void> => {
    if (stream.size === 0) return;
    const userId = owners.get(change.id) ?? (await findOrderOwner(change.id));
    if (userId !== null) sendTo(userId, change);
  };

  return {
    stream,
    connect: (bus) =>
      liveFeedDependency(
        'order-feed',
        stream,
        (b) => [
          subscribeLive(b, OrderCreated, (d) => {
            remember(d.id, d.userId);
            sendTo(d.userId, { id: d.id, version: d.version, status: d.status });
          }),
          subscribeLive(b, OrderCancelled, (d) => closed({ id: d.id, version: d.version, status: 'cancelled' })),
          subscribeLive(b, OrderCompleted, (d) => closed({ id: d.id, version: d.version, status: 'completed' })),
        ],
        bus,
      ),
  };
}
