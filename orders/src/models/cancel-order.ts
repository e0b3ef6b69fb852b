import { OrderCancelled, type Logger, type ReservationRefusedReason } from '@ticketing/common';
import { closeOrder } from './close-order';
import type { OrderJson } from './order';

/**
 * Why an order is cancelled (logged, and told to the buyer unless they cancelled it themselves). Every reason tickets
 * can give for refusing a reservation is one, so a new one cannot go untold.
 */
export type CancelReason =
  'buyer' | 'expired' | 'payment-failed' | 'event-started' | 'event-cancelled' | ReservationRefusedReason;

/** The sentence the order page shows for each reason, so the buyer is told why. */
const REASON_SHOWN: Record<Exclude<CancelReason, 'buyer'>, string> = {
  expired: 'The time to pay for this order ran out.',
  'payment-failed': 'The payment was declined.',
  'event-started': 'The event started before the payment was confirmed; you were not charged.',
  'event-cancelled': 'The event was cancelled; you were not charged.',
  'ticket-changed': 'The seller changed this ticket before your order reached it; you were not charged.',
};

export type CancelOutcome =
  { outcome: 'cancelled' | 'already-cancelled' | 'completed'; order: OrderJson } | { outcome: 'not-found' };

/**
 * Cancels an order unless it is completed (DESIGN §7), shared by DELETE /api/orders/:id, OrderExpired, a failed
 * ChargeCreated, ReservationRefused, EventCancelled and an order placed as its event was cancelled. The cancel races
 * safely with a payment completing the order, and frees the ticket's lock in the same update (see closeOrder). A
 * completed order is left as it is (`completed`: the route answers 409, listeners ignore it); an order already
 * cancelled is not changed.
 */
export async function cancelOrder(orderId: string, reason: CancelReason, log?: Logger): Promise<CancelOutcome> {
  const shown = reason === 'buyer' ? undefined : REASON_SHOWN[reason];
  const result = await closeOrder(orderId, 'cancelled', (data) => OrderCancelled.create(data), shown);
  if (result.outcome === 'not-found') return result;
  if (result.outcome === 'closed') log?.info({ orderId, reason, version: result.order.version }, 'order cancelled');
  const outcome = ({ closed: 'cancelled', already: 'already-cancelled', otherwise: 'completed' } as const)[
    result.outcome
  ];
  return { outcome, order: result.order };
}
