import { OrderCancelled, type Logger } from '@ticketing/common';
import { closeOrder } from './close-order';
import type { OrderJson } from './order-log';
import { releaseReservation } from './reservation';

/** Why an order is cancelled (logged). */
export type CancelReason = 'buyer' | 'expired' | 'payment-failed';

export type CancelOutcome =
  { outcome: 'cancelled' | 'already-cancelled' | 'completed'; order: OrderJson } | { outcome: 'not-found' };

/**
 * Cancels an order unless it is completed (DESIGN §7), shared by DELETE /api/orders/:id, OrderExpired and a failed
 * ChargeCreated. The cancel races safely with a payment completing the order (see closeOrder). A completed order is left
 * as it is (`completed`: the route answers 409, listeners ignore it); an order already cancelled is not changed.
 * In both cancelled outcomes the ticket's reservation is released afterwards, so a process that died between the
 * cancel and the release is healed by the next cancel (a redelivered event, a retried DELETE).
 */
export async function cancelOrder(orderId: string, reason: CancelReason, log?: Logger): Promise<CancelOutcome> {
  const result = await closeOrder(orderId, 'cancelled', (data) => OrderCancelled.create(data));
  if (result.outcome === 'not-found') return result;
  if (result.outcome === 'closed') log?.info({ orderId, reason, version: result.order.version }, 'order cancelled');
  const outcome = ({ closed: 'cancelled', already: 'already-cancelled', otherwise: 'completed' } as const)[
    result.outcome
  ];
  if (outcome !== 'completed') await releaseReservation(result.order.ticket.id, orderId);
  return { outcome, order: result.order };
}
