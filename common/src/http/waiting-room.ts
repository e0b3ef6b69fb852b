/** How long a waiting room stays open after its on-sale when the event does not say (DESIGN §13). */
export const DEFAULT_QUEUE_MINUTES = 60;

/** The 403 of an order for a ticket whose room is open, without a pass that admits this buyer (DESIGN §13). */
export const JOIN_THE_QUEUE_MESSAGE = 'Join the queue for this event';

/** An event's on-sale rules as a ticket carries them (common's TicketEvent) or as events answer them. */
export interface RoomRules {
  onSaleAt?: string | undefined;
  waitingRoom: boolean;
  queueMinutes?: number | undefined;
}

/**
 * When the waiting room of `event` stops admitting by pass: `onSaleAt + queueMinutes` (default 60), in ms since the
 * epoch; null for an event without a room. A room needs an on-sale to shuffle at: without `onSaleAt` there is none.
 */
export function roomClosesAt(event: RoomRules): number | null {
  if (!event.waitingRoom || event.onSaleAt === undefined) return null;
  return Date.parse(event.onSaleAt) + (event.queueMinutes ?? DEFAULT_QUEUE_MINUTES) * 60_000;
}

/**
 * Whether an order for a ticket of `event` at `now` needs a queue pass (DESIGN §13): while its room is open and after
 * its on-sale. Before the on-sale nobody orders (409), after the room's window everybody may, without a pass.
 */
export function requiresQueuePass(event: RoomRules, now: number = Date.now()): boolean {
  const closesAt = roomClosesAt(event);
  return closesAt !== null && event.onSaleAt !== undefined && now >= Date.parse(event.onSaleAt) && now < closesAt;
}
