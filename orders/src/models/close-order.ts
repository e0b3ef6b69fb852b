import type { EventEnvelope } from '@ticketing/common';
import { removeOpenOrder } from './open-orders';
import { orders, toOrderJson, type OrderJson } from './order';

/** The two final statuses of an order. */
export type FinalStatus = 'cancelled' | 'completed';

/** `closed`: this call stored the final status; `already`: it had it; `otherwise`: it has the other final status. */
export type CloseOutcome = { outcome: 'closed' | 'already' | 'otherwise'; order: OrderJson } | { outcome: 'not-found' };

/**
 * Moves an open order to a final status with its event (OrderCancelled or OrderCompleted), by one conditional update
 * on its version: a cancel and a completion racing for one order both try it, one matches and the other decides
 * again from the winner's version, so neither can undo the other (DESIGN §6). A cancel removes the ticket's lock in
 * the same update, so the ticket is orderable again the moment the order is cancelled. A closed order is never
 * reopened.
 * Either final status frees the order's buyer slot (ORDERS_MAX_OPEN_PER_BUYER) in the same update, and then
 * removes the order from the open orders (open-orders.ts).
 */
export async function closeOrder(
  orderId: string,
  to: FinalStatus,
  // The caller names its contract (`OrderCancelled.create`), so the event-flow scan sees which route publishes what.
  createEvent: (data: { id: string; version: number; ticket: { id: string } }) => EventEnvelope,
  /** What the buyer is told on the order page (cancels only). */
  reason?: string,
): Promise<CloseOutcome> {
  let outcome: CloseOutcome = { outcome: 'not-found' };
  const stored = await orders.change(orderId, (order) => {
    if (!order) {
      outcome = { outcome: 'not-found' };
      return null;
    }
    if (order.status === 'cancelled' || order.status === 'completed') {
      outcome = { outcome: order.status === to ? 'already' : 'otherwise', order: toOrderJson(order) };
      return null;
    }
    const event = createEvent({ id: orderId, version: order.version + 1, ticket: { id: order.ticket.id } });
    return {
      set: {
        status: to,
        ...(reason !== undefined && { cancelReason: reason }),
        // A completed order carries its e-ticket from the same update (DESIGN §12), held by the buyer.
        ...(to === 'completed' && { eticket: { serial: 1 }, holderId: order.userId }),
      },
      // A closed order is no longer open: its buyer slot is free at once (a completed order keeps its lock: sold).
      unset: to === 'cancelled' ? ['lock', 'buyerSlot'] : ['buyerSlot'],
      events: [event],
    };
  });
  if (stored) {
    outcome = { outcome: 'closed', order: toOrderJson(stored) };
    // No longer open: the overdue sweep need not read it (a failure here leaves an entry that sweep deletes).
    await removeOpenOrder(orderId).catch(() => undefined);
  }
  return outcome;
}
