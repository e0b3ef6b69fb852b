import { ConflictError, EventCancelled, type EventJson, NotFoundError } from '@ticketing/common';
import { events, hasStarted, toEventJson } from './event';

/**
 * An admin calls the event off (DESIGN §12): status `cancelled` and its EventCancelled, by one conditional update on
 * the event's version (DESIGN §6); tickets' own listener then withdraws its listings (withdraw-listings.ts), and
 * orders and payments do their part. 404 for an unknown event; 409 once it has started. Cancelling it again answers
 * the cancelled event and stores nothing, so a retry publishes no second EventCancelled.
 */
export async function cancelEvent(id: string, now = Date.now()): Promise<EventJson> {
  let unchanged: EventJson | undefined;
  const stored = await events.change(id, (event) => {
    unchanged = undefined;
    if (!event) throw new NotFoundError('event');
    if (event.status === 'cancelled') {
      unchanged = toEventJson(event);
      return null;
    }
    if (hasStarted(event, now)) throw new ConflictError('The event has started');
    return {
      set: { status: 'cancelled' },
      events: [EventCancelled.create({ id, version: event.version + 1 })],
    };
  });
  if (stored) return toEventJson(stored);
  if (unchanged) return unchanged;
  throw new Error(`event ${id}: cancellation stored nothing`);
}
