import { OrderCompleted, type Logger } from '@ticketing/common';
import { closeOrder } from './close-order';
import { orders, type OrderJson } from './order';
import { isReservedFor } from './ticket-replica';

export type CompleteOutcome =
  | { outcome: 'completed' | 'already-completed' | 'cancelled'; order: OrderJson }
  | { outcome: 'not-found' | 'not-reserved-yet' };

/**
 * Marks an order paid and stores OrderCompleted (tickets marks the ticket sold). The lock stays: a sold ticket is
 * never ordered again. An order already cancelled (expired before the charge landed) is left cancelled:
 * payments refunds such a charge (DESIGN §7).
 * An open order completes only once tickets has reserved its ticket for it (DESIGN §16): until orders has heard so
 * (a TicketUpdated naming the order), the answer is `not-reserved-yet` and nothing changes; the caller asks again
 * later. Then either the reservation arrives, or tickets refused it (ReservationRefused cancels the order), or the
 * order expires: a wait no longer than the order's lock. The reservation, once made, lasts while the order is open,
 * so it cannot be undone between this check and the completion.
 */
export async function completeOrder(orderId: string, log?: Logger): Promise<CompleteOutcome> {
  const open = await orders.find(orderId);
  if (!open) return { outcome: 'not-found' };
  if (open.status !== 'completed' && open.status !== 'cancelled' && !(await isReservedFor(open.ticket.id, orderId))) {
    return { outcome: 'not-reserved-yet' };
  }
  const result = await closeOrder(orderId, 'completed', (data) => OrderCompleted.create(data));
  if (result.outcome === 'not-found') return result;
  if (result.outcome === 'closed') log?.info({ orderId, version: result.order.version }, 'order completed');
  const outcome = ({ closed: 'completed', already: 'already-completed', otherwise: 'cancelled' } as const)[
    result.outcome
  ];
  return { outcome, order: result.order };
}
