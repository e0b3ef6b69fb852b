import { defineReplica, type Versioned } from '@ticketing/common';

/** How far each order's events have been applied here: the order's newest applied version, and its ticket. */
export interface OrderProgressDoc extends Versioned {
  ticketId: string;
}

/**
 * The order events applied to tickets, one document per order (a replica of the order's version only): an order's
 * events change a ticket in the order's version order and at most once (DESIGN §5).
 */
export const orderProgress = defineReplica<OrderProgressDoc>('OrderProgress', 'order_progress', {
  ticketId: { type: String, required: true },
});
