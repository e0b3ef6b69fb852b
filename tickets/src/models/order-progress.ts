import { ReplicaStore, type Versioned, versionedSchema, defineModel } from '@ticketing/common';

/** How far each order's events have been applied here: the order's newest applied version, and its ticket. */
export interface OrderProgressDoc extends Versioned {
  ticketId: string;
}

const schema = versionedSchema<OrderProgressDoc>(
  { ticketId: { type: String, required: true } },
  { collection: 'order_progress', outbox: false },
);

export const OrderProgress = defineModel<OrderProgressDoc>('OrderProgress', schema);

/**
 * The order events applied to tickets, one document per order (a replica of the order's version only): an order's
 * events change a ticket in the order's version order and at most once (DESIGN §5).
 */
export const orderProgress = new ReplicaStore(OrderProgress);
