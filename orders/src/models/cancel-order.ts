import { OrderCancelled, type Logger } from '@ticketing/common';
import { closeOrder } from './close-order';
import type { OrderJson } from './order';

/** Why an order is cancelled (logged). */
export type CancelReason = 'buyer' | 'expired' | 'payment-failed';

export type CancelOutcome =
  { outcome: 'cancelled' | 'already-cancelled' | 'completed'; order: OrderJson } | { outcome: 'not-found' };

/**
 * Cancels an order unless it is completed (DESIGN §7), shared by DELETE /api/orders/:id, OrderExpired and a failed
 * ChargeCreated. The cancel races safely with a payment completing the order, and frees the ticket's lock in the same
 * update (see closeOrder). A completed order is left as it is (`completed`: the route answers 409, listeners ignore
 * it); an order already cancelled is not changed.
 */
export async function cancelOrder(orderId: string, reason: CancelReason, log?: Logger): Promise<CancelOutcome> {
  const result = await closeOrder(orderId, 'cancelled', (data) => OrderCancelled.create(data));
  if (result.outcome === 'not-found') return result;
  if (result.outcome === 'closed') log?.info({ orderId, reason, version: result.order.version }, 'order cancelled');
  const outcome = ({ closed: 'cancelled', already: 'already-cancelled', otherwise: 'completed' } as const)[
    result.outcome
  ];
  return { outcome, order: result.order };
}
