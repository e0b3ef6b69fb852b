import {
  EventCreated,
  type EventCategory,
  type EventCreatedData,
  type EventJson,
  isDuplicateKeyError,
  newObjectId,
} from '@ticketing/common';
import { Event, type EventDoc, events, toEventJson } from './event';
import { cityKeyOf, eventKeyOf, searchWordsOf } from './event-words';

/** A new event as the route has checked it (DESIGN §12). */
export interface NewEvent {
  title: string;
  venue: string;
  city: string;
  startsAt: Date;
  category: EventCategory;
  createdBy: string;
  onSaleAt?: Date;
  waitingRoom: boolean;
  admitPerMinute?: number;
  queueMinutes?: number;
}

/**
 * Adds an event to the catalogue with its EventCreated, by one insert (the outbox: the event cannot be lost), and
 * answers `created: true`; or, when the same event is already stored (the unique key on the normalized title, venue
 * and start to the minute: DESIGN §12), answers that one with `created: false`, whoever created it and whatever
 * replica: two concurrent creations store one event, and the second gets the first's.
 */
export async function createEvent(input: NewEvent): Promise<{ event: EventJson; created: boolean }> {
  const id = newObjectId();
  const key = eventKeyOf(input);
  const doc: Omit<EventDoc, 'version' | 'outbox'> = {
    _id: id,
    ...input,
    status: 'scheduled',
    cityKey: cityKeyOf(input.city),
    searchWords: searchWordsOf(input),
    key,
    listings: {},
    ticketsAvailable: 0,
    lowestPrice: null,
    summaryVersion: 0,
  };
  const created = EventCreated.create(eventCreatedData(id, input));
  try {
    return { event: toEventJson(await events.insert(dropUndefined(doc), [created])), created: true };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // The key is unique, so the event that holds it is found through that index (the local engine's too).
    const existing = await Event.findOne({ key }).lean<EventDoc>().exec();
    if (!existing) throw error;
    return { event: toEventJson(existing), created: false };
  }
}

/**
 * The EventCreated data of an event (DESIGN §12, §13): what its creation published, and what `npm run republish --
 * events` publishes again (republish-events.ts), at version 0 both times.
 */
export function eventCreatedData(
  id: string,
  event: Pick<NewEvent, 'title' | 'startsAt' | 'onSaleAt' | 'waitingRoom' | 'admitPerMinute' | 'queueMinutes'>,
): EventCreatedData {
  return {
    id,
    version: 0,
    title: event.title,
    startsAt: event.startsAt.toISOString(),
    ...(event.onSaleAt && { onSaleAt: event.onSaleAt.toISOString() }),
    waitingRoom: event.waitingRoom,
    // A stored null (an older document's) is no value.
    ...(typeof event.admitPerMinute === 'number' && { admitPerMinute: event.admitPerMinute }),
    ...(typeof event.queueMinutes === 'number' && { queueMinutes: event.queueMinutes }),
  };
}

/** The document without its undefined fields, which the driver would store as null. */
function dropUndefined<T extends object>(doc: T): T {
  return Object.fromEntries(Object.entries(doc).filter(([, value]) => value !== undefined)) as T;
}
