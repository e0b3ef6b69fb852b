import { OrderCancelled, type Logger } from '@ticketing/common';
import { orderLog, recordToJson, type OrderJson } from './order-log';
import { releaseReservation } from './reservation';

/** Why an order is cancelled (logged). */
export type CancelReason = 'buyer' | 'expired' | 'payment-failed';

export type CancelOutcome =
  { outcome: 'cancelled' | 'already-cancelled' | 'completed'; order: OrderJson } | { outcome: 'not-found' };

/**
 * Cancels an order unless it is completed (DESIGN §7), shared by DELETE /api/orders/:id, OrderExpired and a failed
 * ChargeCreated. The cancel is the insert of the next version with its OrderCancelled, so it races safely with a
 * payment completing the order: one of the two inserts wins and the other decides again. A completed order is left
 * as it is (`completed`: the route answers 409, listeners ignore it); an order already cancelled is not changed.
 * In both cancelled outcomes the ticket's reservation is released afterwards, so a process that died between the
 * cancel and the release is healed by the next cancel (a redelivered event, a retried DELETE).
 */
export async function cancelOrder(orderId: string, reason: CancelReason, log?: Logger): Promise<CancelOutcome> {
  let outcome: CancelOutcome = { outcome: 'not-found' };
  const stored = await orderLog.change(orderId, (current) => {
    if (!current) {
      outcome = { outcome: 'not-found' };
      return null;
    }
    const { status } = current.state;
    if (status === 'cancelled' || status === 'completed') {
      outcome = { outcome: status === 'cancelled' ? 'already-cancelled' : 'completed', order: recordToJson(current) };
      return null;
    }
    const version = current.version + 1;
    return {
      state: { ...current.state, status: 'cancelled' },
      events: [OrderCancelled.create({ id: orderId, version, ticket: { id: current.state.ticket.id } })],
    };
  });
  if (stored) {
    outcome = { outcome: 'cancelled', order: recordToJson(stored) };
    log?.info({ orderId, reason, version: stored.version }, 'order cancelled');
  }
  if (outcome.outcome === 'cancelled' || outcome.outcome === 'already-cancelled') {
    await releaseReservation(outcome.order.ticket.id, orderId);
  }
  return outcome;
}
