import {
  type ApplyOutcome,
  defineModel,
  EntityStore,
  type EventEnvelope,
  isDuplicateKeyError,
  type Owned,
  ReplicaStore,
  versionedSchema,
} from '@ticketing/common';

/** How far each order's events have been applied here: the order's newest applied version, and its ticket. */
export interface OrderProgressDoc extends Owned {
  ticketId: string;
}

/**
 * The order events applied to tickets, one document per order (a replica of the order's version only): an order's
 * events change a ticket in the order's version order and at most once (DESIGN §5). It has an outbox: what tickets
 * decides about an order without changing the ticket (a refused reservation, DESIGN §16) is published from here,
 * stored by the same write that records the order's version as applied.
 */
const OrderProgress = defineModel<OrderProgressDoc>(
  'OrderProgress',
  versionedSchema<OrderProgressDoc>(
    { ticketId: { type: String, required: true } },
    { collection: 'order_progress', outbox: true },
  ),
);

/** The store the outbox relay publishes from (the service lists it among its stores). */
export const orderProgress = new EntityStore(OrderProgress);

// A later version of an order carries no event of ours: it is applied as a replica's version, one conditional update.
const laterVersions = new ReplicaStore(OrderProgress);

/**
 * Records version `order.version` of an order as applied, at most once and in order (`already-applied`, `ahead`).
 * `events` are the decision's events: only an order's first version (its OrderCreated, the reservation) has any,
 * and they are stored by the insert that records it, so a redelivery after a crash can neither lose them (nothing
 * was recorded, the decision is made again) nor store them twice (the insert meets the first one's `_id`).
 * @throws Error when events come with a later version: nothing decides those yet, and losing them would be silent.
 */
export async function recordOrderProgress(
  order: { id: string; version: number },
  ticketId: string,
  events: readonly EventEnvelope[] = [],
): Promise<ApplyOutcome> {
  if (order.version > 0) {
    if (events.length > 0) throw new Error(`order ${order.id} v${order.version}: only a first version stores events`);
    return laterVersions.apply(order.id, order.version, { ticketId });
  }
  try {
    await orderProgress.insert({ _id: order.id, ticketId }, events);
    return 'applied';
  } catch (error) {
    if (isDuplicateKeyError(error)) return 'already-applied';
    throw error;
  }
}
