import { type EventEnvelope, type Logger, ReservationRefused, reservationRefusedEventId } from '@ticketing/common';
import { orderProgress, recordOrderProgress } from './order-progress';
import { tickets, type TicketDoc, type TicketState } from './ticket';
import { ticketUpdatedEvent } from './ticket-events';

/**
 * What applying an order event came to: `ahead` (the order's previous event is not applied yet) and
 * `held-by-another-order` ask for a later retry; `unknown-ticket` names a ticket we never had; `refused`: the
 * reservation was refused and ReservationRefused stored (DESIGN §16).
 */
export type OrderEffectOutcome =
  'applied' | 'already-applied' | 'ahead' | 'held-by-another-order' | 'refused' | 'unknown-ticket';

interface OrderRef {
  id: string;
  version: number;
  ticket: { id: string; price?: number };
}

/**
 * The ticket's next state (with `refusal`: unchanged, and the ReservationRefused that tells the order why), or a
 * reason to decide again later (then the order's version is not recorded either).
 */
type Decision = { state: TicketState; refusal?: EventEnvelope } | { wait: 'held-by-another-order' };

/**
 * Applies `order`'s event to its ticket, in the order's version order and at most once (DESIGN §5): an event whose
 * predecessor is not applied yet is `ahead` (an OrderCancelled that overtook its OrderCreated), one already applied is
 * acked without effect. The ticket changes by ONE conditional update (tickets.change: the new state and its
 * TicketUpdated together), which races a seller's edit on the ticket's version, never by overwriting (see
 * update-ticket.ts). The order's progress is recorded after it, with a refusal's ReservationRefused in the same
 * write (order-progress.ts); `decide` is idempotent (it reads the ticket: a reservation already held by this order
 * changes nothing), so a crash between the two is healed by the redelivery, which decides again.
 */
async function applyOrderEvent(
  order: OrderRef,
  decide: (ticket: TicketDoc) => Decision,
  log: Logger,
): Promise<OrderEffectOutcome> {
  const ticketId = order.ticket.id;
  const applied = (await orderProgress.find(order.id))?.version ?? -1;
  if (applied >= order.version) return 'already-applied';
  if (applied < order.version - 1) return 'ahead';

  let waiting: OrderEffectOutcome | undefined;
  let refusal: EventEnvelope | undefined;
  let known = true;
  await tickets.change(ticketId, (ticket) => {
    // change() may call this again after losing a race: only the last decision counts.
    [waiting, refusal, known] = [undefined, undefined, true];
    if (!ticket) {
      // Tickets are stored before TicketCreated is published, so an order can only name one we never had.
      log.warn({ ticketId, orderId: order.id }, 'order event names an unknown ticket; ignored');
      known = false;
      return null;
    }
    const decision = decide(ticket);
    if ('wait' in decision) {
      waiting = decision.wait;
      return null;
    }
    const { state } = decision;
    refusal = decision.refusal;
    if (sameState(state, ticket)) return null;
    return {
      set: {
        title: state.title,
        price: state.price,
        ...(state.orderId !== undefined && { orderId: state.orderId }),
        ...(state.sold !== undefined && { sold: state.sold }),
      },
      unset: state.orderId === undefined ? ['orderId'] : [],
      events: [ticketUpdatedEvent(ticketId, ticket.version + 1, state)],
    };
  });
  if (waiting) return waiting;
  const outcome = await recordOrderProgress(order, ticketId, refusal ? [refusal] : []);
  if (!known) return 'unknown-ticket';
  return outcome === 'applied' && refusal ? 'refused' : outcome;
}

function sameState(next: TicketState, ticket: TicketDoc): boolean {
  return next.orderId === ticket.orderId && (next.sold ?? false) === (ticket.sold ?? false);
}

const stateOf = ({ title, price, userId, orderId, sold, event, withdrawn }: TicketDoc): TicketState => ({
  title,
  price,
  userId,
  ...(orderId !== undefined && { orderId }),
  ...(sold !== undefined && { sold }),
  // Kept as they are: an order's event changes neither, and its TicketUpdated must still report them.
  ...(event && { event }),
  ...(withdrawn && { withdrawn }),
});

/**
 * OrderCreated: the order holds the ticket (orderId set). Held by another order: orders locks a ticket for one live
 * order at a time (a unique key), so this is a release not yet applied here (OrderCancelled of the previous order
 * travels on another subject and may arrive after this event); the ticket is left unchanged and the caller retries
 * later, so the reservation is applied once the release is.
 * Priced at another price than the ticket has now (the seller edited it before the order reached it): refused, so
 * the buyer is never charged a price their order does not show, and ReservationRefused tells orders, which cancels
 * the order with the reason (DESIGN §16). The order's progress is recorded, so its cancel is applied (as a no-op) in
 * turn.
 */
export function reserveTicket(order: OrderRef, log: Logger): Promise<OrderEffectOutcome> {
  return applyOrderEvent(
    order,
    (ticket) => {
      if (ticket.orderId && ticket.orderId !== order.id) {
        log.warn(
          { ticketId: ticket._id, orderId: order.id, heldBy: ticket.orderId },
          'ticket held by another order; will retry',
        );
        return { wait: 'held-by-another-order' };
      }
      if (order.ticket.price !== undefined && order.ticket.price !== ticket.price) {
        log.info(
          { ticketId: ticket._id, orderId: order.id, pricedAt: order.ticket.price, price: ticket.price },
          'order priced before an edit of the ticket; reservation refused',
        );
        // Its id follows from the order: a decision made again after a crash stores the same event.
        const refusal = ReservationRefused.create(
          { orderId: order.id, ticket: { id: ticket._id, version: ticket.version }, reason: 'ticket-changed' },
          { id: reservationRefusedEventId(order.id) },
        );
        return { state: stateOf(ticket), refusal };
      }
      return { state: { ...stateOf(ticket), orderId: order.id } };
    },
    log,
  );
}

/** OrderCancelled: the ticket is free again, but only if this order holds it and it is not sold. */
export function releaseTicket(order: OrderRef, log: Logger): Promise<OrderEffectOutcome> {
  return applyOrderEvent(
    order,
    (ticket) => {
      const state = stateOf(ticket);
      if (ticket.orderId !== order.id) return { state };
      if (ticket.sold) {
        log.warn({ ticketId: ticket._id, orderId: order.id }, 'a completed order was cancelled; the ticket stays sold');
        return { state };
      }
      const { orderId: _released, ...rest } = state;
      return { state: rest };
    },
    log,
  );
}

/** OrderCompleted: the ticket is sold to the order that holds it (orderId kept). */
export function markTicketSold(order: OrderRef, log: Logger): Promise<OrderEffectOutcome> {
  return applyOrderEvent(
    order,
    (ticket) => {
      if (ticket.orderId !== order.id) {
        log.warn(
          { ticketId: ticket._id, orderId: order.id, heldBy: ticket.orderId },
          'completed order does not hold its ticket; ignored',
        );
        return { state: stateOf(ticket) };
      }
      return { state: { ...stateOf(ticket), sold: true } };
    },
    log,
  );
}
