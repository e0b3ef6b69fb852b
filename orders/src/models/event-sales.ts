import { ConflictError, EVENT_STARTED_MESSAGE, hasEventStarted, type TicketEvent } from '@ticketing/common';

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
