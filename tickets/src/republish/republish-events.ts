import { EventCreated, publish, type Bus } from '@ticketing/common';
import { eventCreatedData } from '../models/create-event';
import { Event, type EventDoc } from '../models/event';

/** How many events are read, and published at once, per batch: bounded memory and bounded publishes in flight. */
const BATCH = 500;

type Published = Pick<
  EventDoc,
  '_id' | 'title' | 'startsAt' | 'onSaleAt' | 'waitingRoom' | 'admitPerMinute' | 'queueMinutes'
>;

/**
 * Publishes every scheduled event as EventCreated again (DESIGN §16 "npm run republish -- events"), for a consumer
 * added after the events were made (queue's rooms, DESIGN §13). Each at version 0, as its creation published it, so
 * a consumer that has it changes nothing (queue makes a room once). A cancelled event is left out: its room would only
 * be closed, and its EventCancelled is not repeated (orders and payments act on it). Read by batches in id order
 * after a cursor; each publish waits for JetStream's acknowledgement. Resolves with how many were published.
 */
export async function republishEvents(bus: Bus): Promise<number> {
  let published = 0;
  let after: string | undefined;
  for (;;) {
    const batch = await Event.find(
      { status: 'scheduled', ...(after !== undefined && { _id: { $gt: after } }) },
      { title: 1, startsAt: 1, onSaleAt: 1, waitingRoom: 1, admitPerMinute: 1, queueMinutes: 1 },
    )
      .sort({ _id: 1 })
      .limit(BATCH)
      .lean<Published[]>()
      .exec();
    if (batch.length === 0) return published;
    await Promise.all(batch.map((event) => publish(bus, EventCreated, eventCreatedData(event._id, event))));
    published += batch.length;
    after = batch[batch.length - 1]!._id;
  }
}
