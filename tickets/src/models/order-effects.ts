import { VersionedLog, type ApplyOutcome, type Logger } from '@ticketing/common';
import { ticketLog, type TicketState } from './ticket';
import { ticketUpdatedEvent } from './ticket-events';

/**
 * The order events applied here, one record per (order id, order version): order events change a ticket only in
 * the order's version order and at most once (DESIGN §5). An OrderCancelled (version 1) that arrives before its
 * OrderCreated (version 0) is 'ahead' and waits for redelivery; a redelivered or re-sent event is 'already-applied'.
 */
export const orderEvents = new VersionedLog<{ ticketId: string }>('order_events');

/** What applying an order event came to; 'held-by-another-order' asks for a later retry (see reserveTicket). */
export type OrderEffectOutcome = ApplyOutcome | 'held-by-another-order';

interface OrderRef {
  id: string;
  version: number;
  ticket: { id: string };
}

class HeldByAnotherOrder extends Error {}

/**
 * Applies `order`'s event to its ticket: `decide` gets the ticket's newest state and returns the next one, or null
 * when the ticket is already as wanted (which makes the effect idempotent: a redelivery after a crash between the
 * ticket change and the order record changes nothing). The change is a `ticketLog.change()`, so it races a seller's
 * edit on the insert of the next version, never by overwriting (see update-ticket.ts).
 */
async function applyOrderEvent(
  order: OrderRef,
  decide: (state: TicketState) => TicketState | null,
  log: Logger,
): Promise<OrderEffectOutcome> {
  const ticketId = order.ticket.id;
  try {
    return await orderEvents.applyInOrder(order.id, order.version, { ticketId }, async () => {
      await ticketLog.change(ticketId, (current) => {
        if (!current) {
          // Tickets are stored before TicketCreated is published, so an order can only name one we never had.
          log.warn({ ticketId, orderId: order.id }, 'order event names an unknown ticket; ignored');
          return null;
        }
        const next = decide(current.state);
        return next ? { state: next, events: [ticketUpdatedEvent(ticketId, current.version + 1, next)] } : null;
      });
    });
  } catch (error) {
    if (error instanceof HeldByAnotherOrder) return 'held-by-another-order';
    throw error;
  }
}

/**
 * OrderCreated: the order holds the ticket (orderId set). Already held by this order: no change (a duplicate).
 * Held by another order: orders reserves on a unique key, so this is normally a release not yet applied here
 * (OrderCancelled of the previous order travels on another subject and may arrive after this event); the ticket is
 * left unchanged and the caller retries later, so the reservation is applied once the release is (and, if it never
 * is, the listener terminates the event after its last delivery, logged).
 */
export function reserveTicket(order: OrderRef, log: Logger): Promise<OrderEffectOutcome> {
  return applyOrderEvent(
    order,
    (state) => {
      if (state.orderId === order.id) return null;
      if (state.orderId || state.sold) {
        log.warn(
          { ticketId: order.ticket.id, orderId: order.id, heldBy: state.orderId },
          'ticket is held by another order; will retry',
        );
        throw new HeldByAnotherOrder();
      }
      return { ...state, orderId: order.id };
    },
    log,
  );
}

/** OrderCancelled: the ticket is free again, but only if this order holds it and it is not sold. */
export function releaseTicket(order: OrderRef, log: Logger): Promise<OrderEffectOutcome> {
  return applyOrderEvent(
    order,
    (state) => {
      if (state.orderId !== order.id) return null;
      if (state.sold) {
        log.warn(
          { ticketId: order.ticket.id, orderId: order.id },
          'a completed order was cancelled; the ticket stays sold',
        );
        return null;
      }
      const { orderId: _released, ...rest } = state;
      return rest;
    },
    log,
  );
}

/** OrderCompleted: the ticket is sold to the order that holds it (orderId kept). */
export function markTicketSold(order: OrderRef, log: Logger): Promise<OrderEffectOutcome> {
  return applyOrderEvent(
    order,
    (state) => {
      if (state.orderId === order.id && state.sold) return null;
      if (state.orderId !== order.id) {
        log.warn(
          { ticketId: order.ticket.id, orderId: order.id, heldBy: state.orderId },
          'completed order does not hold its ticket; ignored',
        );
        return null;
      }
      return { ...state, sold: true };
    },
    log,
  );
}
