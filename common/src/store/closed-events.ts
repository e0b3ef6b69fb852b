import { Schema } from 'mongoose';
import { defineModel } from './define-model';
import { isDuplicateKeyError } from './mongo-errors';

/** What orders and payments answer (409) for a ticket or an order whose event has started (DESIGN §12). */
export const EVENT_STARTED_MESSAGE = 'The event has started';

/** What orders and payments answer (409) for a ticket or an order whose event was cancelled (DESIGN §12). */
export const EVENT_CANCELLED_MESSAGE = 'The event was cancelled';

/**
 * Whether an event has started at `now`: from `startsAt` on its tickets can be neither ordered nor paid (DESIGN §12,
 * "Started events are closed"), each service deciding from its own replica at request time, not by a timer.
 */
export function hasEventStarted(event: { startsAt: string }, now: number = Date.now()): boolean {
  return Date.parse(event.startsAt) <= now;
}

/** One cancelled event, as a consumer of EventCancelled records it in its own database. */
export interface CancelledEventDoc {
  /** The event id. */
  _id: string;
  /** The version EventCancelled carried. */
  version: number;
  /** When this service first heard of the cancellation. */
  cancelledAt: Date;
}

const CancelledEvent = defineModel<CancelledEventDoc>(
  'CancelledEvent',
  new Schema<CancelledEventDoc>(
    {
      _id: { type: String, required: true },
      version: { type: Number, required: true },
      cancelledAt: { type: Date, required: true },
    },
    { collection: 'cancelled_events', versionKey: false, id: false },
  ),
);

/**
 * Records that event `id` was cancelled, in the database of the calling service (orders, payments: each keeps its
 * own, DESIGN §12: each decides from its own data). Written BEFORE the consumer looks for what the event still has
 * open (orders, charges), so that a request that stores something for the event and then asks
 * {@link isEventCancelled} is seen by one of the two. Idempotent: a redelivery, or two replicas at once, keep the
 * first record (an upsert racing another is a duplicate key, which is the record being there). The record is kept
 * for good: it is also what says an event is never to be paid out.
 */
export async function recordCancelledEvent(id: string, version: number): Promise<void> {
  try {
    await CancelledEvent.collection.updateOne(
      { _id: id } as never,
      { $setOnInsert: { version, cancelledAt: new Date() } },
      { upsert: true },
    );
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

/** Whether this service has recorded event `id` as cancelled; one look-up by `_id`. */
export async function isEventCancelled(id: string): Promise<boolean> {
  return (await CancelledEvent.collection.findOne({ _id: id } as never, { projection: { _id: 1 } })) !== null;
}
