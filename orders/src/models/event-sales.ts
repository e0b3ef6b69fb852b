import {
  ConflictError,
  EVENT_STARTED_MESSAGE,
  ForbiddenError,
  hasEventStarted,
  JOIN_THE_QUEUE_MESSAGE,
  passAdmits,
  type QueuePass,
  requiresQueuePass,
  type TicketEvent,
} from '@ticketing/common';

/**
 * Refuses an order for a ticket whose event is not on sale at `now`, from the ticket replica alone, without a call
 * (DESIGN §12, §13): 409 once the event has started, and 409 with the time before its on-sale. A ticket without an
 * event keeps the seed's rules (neither applies). A cancelled event is asked of the database (placeOrder).
 */
export function assertOnSale(event: TicketEvent | undefined, now: number = Date.now()): void {
  if (!event) return;
  if (hasEventStarted(event, now)) throw new ConflictError(EVENT_STARTED_MESSAGE);
  if (event.onSaleAt !== undefined && Date.parse(event.onSaleAt) > now) {
    throw new ConflictError(`On sale at ${event.onSaleAt}`);
  }
}

/**
 * The pass an order of `userId` for a ticket of `event` is placed with (DESIGN §13), from the replica and the pass
 * alone, without a call: while the event's waiting room is open (after the on-sale), a pass that admits this buyer to
 * this event, verified unexpired by the route; otherwise none is needed (null), whatever the request carried.
 * @throws ForbiddenError "Join the queue for this event": the room is open and `pass` is missing, forged, expired,
 * another user's or another event's.
 */
export function admittingPass(
  event: TicketEvent | undefined,
  pass: QueuePass | null,
  userId: string,
  now: number = Date.now(),
): QueuePass | null {
  if (!event || !requiresQueuePass(event, now)) return null;
  if (!passAdmits(pass, userId, event.id)) throw new ForbiddenError(JOIN_THE_QUEUE_MESSAGE);
  return pass;
}
