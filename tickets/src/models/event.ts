import {
  defineModel,
  EntityStore,
  type EventCategory,
  type EventJson,
  type EventStatus,
  type Owned,
} from '@ticketing/common';
import { Schema } from 'mongoose';
import { versionedSchema } from '@ticketing/common';

/** One ticket of the event as its listing summary knows it: the ticket's version it reflects (DESIGN §12). */
export interface ListingEntry {
  price: number;
  version: number;
  available: boolean;
}

/** An event of the catalogue as stored (DESIGN §12): one document, `version` + `outbox` (DESIGN §6). */
export interface EventDoc extends Owned {
  title: string;
  venue: string;
  city: string;
  /** The city as matched (event-words.ts: cityKeyOf), so `city=berlin` finds "Berlin". */
  cityKey: string;
  startsAt: Date;
  category: EventCategory;
  createdBy: string;
  status: EventStatus;
  onSaleAt?: Date;
  waitingRoom: boolean;
  admitPerMinute?: number;
  queueMinutes?: number;
  /** Title, venue and city as words (event-words.ts): what `q` matches, word by word, by prefix. */
  searchWords: string[];
  /** The normalized (title, venue, start to the minute) under a unique index: the event is stored once. */
  key: string;
  /**
   * The listing summary (listing-summary.ts): each ticket of the event at the newest version applied, and the two
   * figures derived from it. `summaryVersion` is the summary's own counter for its conditional updates, apart from
   * `version`, which counts the event's own changes (its EventCreated is 0, its EventCancelled 1): a ticket's
   * change must not shift the versions the event's consumers apply.
   */
  listings: Record<string, ListingEntry>;
  ticketsAvailable: number;
  lowestPrice: number | null;
  summaryVersion: number;
}

const eventSchema = versionedSchema<EventDoc>(
  {
    title: { type: String, required: true },
    venue: { type: String, required: true },
    city: { type: String, required: true },
    cityKey: { type: String, required: true },
    startsAt: { type: Date, required: true },
    category: { type: String, required: true },
    createdBy: { type: String, required: true },
    status: { type: String, required: true },
    onSaleAt: { type: Date },
    waitingRoom: { type: Boolean, required: true },
    admitPerMinute: { type: Number },
    queueMinutes: { type: Number },
    searchWords: { type: [String], required: true },
    key: { type: String, required: true },
    listings: { type: Schema.Types.Mixed, default: {} },
    ticketsAvailable: { type: Number, required: true },
    lowestPrice: { type: Number, default: null },
    summaryVersion: { type: Number, required: true },
  },
  { collection: 'events', outbox: true },
);

// The at-most-once rule of creation (DESIGN §12): the only index the local engine uses besides _id.
eventSchema.index({ key: 1 }, { unique: true, name: 'event_identity' });
// Production's indexes for the list (DESIGN §12), by startsAt then id: `q` (multikey, one entry per word), and the
// category and city filters. The local engine (mongo-java-server 1.46.0) accepts and ignores them, and scans
// (bench/RESULTS.md says what that costs).
eventSchema.index({ searchWords: 1, startsAt: 1, _id: 1 });
eventSchema.index({ startsAt: 1, _id: 1 });
eventSchema.index({ category: 1, startsAt: 1, _id: 1 });
eventSchema.index({ cityKey: 1, startsAt: 1, _id: 1 });

export const Event = defineModel<EventDoc>('Event', eventSchema);

/** The events, written only through this store (creation and cancellation carry their events in the outbox). */
export const events = new EntityStore(Event);

/** Whether the event has started at `now` (DESIGN §12: from `startsAt` on, its tickets are closed). */
export function hasStarted(event: { startsAt: Date }, now = Date.now()): boolean {
  return event.startsAt.getTime() <= now;
}

/** The JSON of an event (DESIGN §12); optional fields only when set (never `null`), the summary's map never. */
export function toEventJson(event: EventDoc): EventJson {
  return {
    id: event._id,
    title: event.title,
    venue: event.venue,
    city: event.city,
    startsAt: event.startsAt.toISOString(),
    category: event.category,
    createdBy: event.createdBy,
    status: event.status,
    ...(event.onSaleAt && { onSaleAt: event.onSaleAt.toISOString() }),
    waitingRoom: event.waitingRoom,
    ...(event.admitPerMinute !== undefined &&
      event.admitPerMinute !== null && { admitPerMinute: event.admitPerMinute }),
    ...(event.queueMinutes !== undefined && event.queueMinutes !== null && { queueMinutes: event.queueMinutes }),
    ticketsAvailable: event.ticketsAvailable,
    lowestPrice: event.lowestPrice ?? null,
    version: event.version,
  };
}

/** What the list and show routes read: everything but the summary's map and the outbox, which can be large. */
export const EVENT_PROJECTION = { outbox: 0, listings: 0, searchWords: 0, key: 0 } as const;
