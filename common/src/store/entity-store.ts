import { EventEmitter } from 'node:events';
import type { Collection, Model } from 'mongoose';
import type { EventEnvelope } from '../events/envelope';
import { currentTraceCarrier } from '../tracing/trace-context';
import { INSERT_VERSION, pendingCollectionName, stampPending, type PendingMark } from './outbox-pending';
import type { Owned, OutboxEntry } from './versioned-schema';

/** What a change decides: fields to set and to remove, and the events that report it (stored in the outbox). */
export interface Change {
  /** Fields to set (dotted paths allowed, e.g. `orderVersions.<id>`); `version` is set by the store. */
  set?: Record<string, unknown>;
  /** Fields to remove. */
  unset?: readonly string[];
  events?: readonly EventEnvelope[];
}

/** Reported to the outbox relay for each write that stored events, with the pending marker stamped before it. */
export type StoredListener = (
  source: OutboxSource,
  id: string,
  events: readonly OutboxEntry[],
  mark: PendingMark,
) => void;

/**
 * A change's events as its outbox stores them: with the trace context active at the change (the request or the
 * handled event that caused it), so that their publish, however late, continues that trace (DESIGN §14).
 */
function outboxEntries(events: readonly EventEnvelope[]): OutboxEntry[] {
  if (events.length === 0) return [];
  const trace = currentTraceCarrier();
  return trace.traceparent ? events.map((event) => ({ ...event, ...trace })) : [...events];
}

/** What the boot and the outbox relay need of a store, whatever its document type. */
export interface OutboxSource {
  readonly name: string;
  readonly collection: Collection;
  /** The pending-outbox markers (outbox-pending.ts): the relay's sweep reads these, not the entities. */
  readonly pending: Collection;
  init(): Promise<void>;
  onStored(listener: StoredListener): void;
  /**
   * The service's own use of its stored events, run by the relay after it publishes each event and before it pulls
   * it from the outbox ({@link EntityStoreOptions.relayed}).
   */
  readonly relayed?: (event: EventEnvelope) => Promise<void>;
}

export interface EntityStoreOptions {
  /**
   * Runs for every event of this store's outbox after the relay published it and before it is pulled: what the
   * owning service itself derives from its changes (tickets' listing summary of an event, DESIGN §12), as sure as the
   * publish: a crash or a failure here leaves the event in the outbox, and the sweep runs both again. So it runs at
   * least once per event, possibly twice (two replicas' sweeps), in any order across a document's writes: it must be
   * idempotent and version-checked, as a listener is.
   */
  relayed?: (event: EventEnvelope) => Promise<void>;
}

/**
 * The entities one service owns, one document each (DESIGN §6), and the only way they are written:
 *  - {@link insert}: version 0 with its events in `outbox`, one insert;
 *  - {@link change}: read the document, let the domain decide, then ONE conditional update on `{ _id, version: n }`
 *    that sets the new state, `version: n + 1` and pushes the change's events. No match means another writer changed
 *    it first: read again and decide again. So two writers (a seller's edit, an order event) never undo each other,
 *    and a change and its events are stored together (a crash after the write cannot lose the events).
 * The outbox relay publishes the events and `$pull`s each by its id ({@link startOutboxRelay}). Before a write that
 * stores events, the store stamps the entity's pending marker (outbox-pending.ts), so that the relay's sweep finds
 * what a crash left unpublished without reading every entity.
 */
export class EntityStore<D extends Owned> implements OutboxSource {
  private readonly stored = new EventEmitter();

  readonly relayed?: (event: EventEnvelope) => Promise<void>;

  constructor(
    readonly model: Model<D>,
    options: EntityStoreOptions = {},
  ) {
    this.relayed = options.relayed;
  }

  /** The collection's name, for logs. */
  get name(): string {
    return this.model.collection.collectionName;
  }

  get collection(): Collection {
    return this.model.collection;
  }

  get pending(): Collection {
    return this.model.db.collection(pendingCollectionName(this.name));
  }

  /** Creates the schema's indexes (at boot, after connecting). */
  async init(): Promise<void> {
    await this.model.init();
    await this.model.syncIndexes();
  }

  /** The entity, or null. */
  find(id: string): Promise<D | null> {
    return this.model.findById(id).lean<D>().exec();
  }

  /**
   * Stamps the pending marker of a new entity's insert ahead of time, for a caller that tries several documents for
   * one id ({@link insert} with `mark`: a buyer's open-order slots) and pays for the stamp once.
   */
  markInsert(id: string): Promise<PendingMark> {
    return stampPending(this.pending, id, INSERT_VERSION);
  }

  /**
   * Stores version 0 of a new entity with its events, after stamping its pending marker (or with `mark` from
   * {@link markInsert}). A unique key broken (E11000) is thrown as is, for the caller to answer (a taken email, a
   * ticket already locked); the marker of an insert that failed is deleted by the relay's sweep
   * (PENDING_INSERT_GRACE_MS).
   */
  async insert(
    doc: Omit<D, 'version' | 'outbox'>,
    events: readonly EventEnvelope[] = [],
    mark?: PendingMark,
  ): Promise<D> {
    const entries = outboxEntries(events);
    const full = { ...doc, version: 0, outbox: entries } as unknown as D;
    const stamped = entries.length > 0 ? (mark ?? (await this.markInsert(full._id))) : undefined;
    await this.model.collection.insertOne(full as never);
    if (stamped) this.report(full._id, entries, stamped);
    return full;
  }

  /**
   * Changes an entity with one conditional update (see the class comment). `decide` gets the current document (null
   * when there is none) and returns the change, or null for "nothing to do"; it may throw (an AppError such as a 409
   * passes through). Returns the document as stored, or null when nothing changed.
   */
  async change(
    id: string,
    decide: (current: D | null) => Change | null | Promise<Change | null>,
    attempts = 50,
  ): Promise<D | null> {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const current = await this.find(id);
      const decision = await decide(current);
      if (!decision || !current) return null;
      const events = outboxEntries(decision.events ?? []);
      const update: Record<string, unknown> = { $set: { ...decision.set, version: current.version + 1 } };
      if (decision.unset?.length) update.$unset = Object.fromEntries(decision.unset.map((field) => [field, '']));
      if (events.length > 0) update.$push = { outbox: { $each: events } };
      // The marker first: a crash after the update below must leave it (outbox-pending.ts).
      const mark = events.length > 0 ? await stampPending(this.pending, id, current.version) : undefined;
      // The driver's collection, not the model: the update is explicit operators already, with nothing to cast.
      const updated = (await this.model.collection.findOneAndUpdate(
        { _id: id, version: current.version } as never,
        update,
        {
          returnDocument: 'after',
        },
      )) as D | null;
      if (updated) {
        if (mark) this.report(id, events, mark);
        return updated;
      }
      // Another writer stored version n+1 first: back off a little (jittered) so the winners of a hot entity get
      // through, then decide again from what it stored.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * attempt));
    }
    throw new Error(`${this.name} ${id}: too many concurrent changes`);
  }

  /** Called after each write that stored events (the outbox relay's immediate path). */
  onStored(listener: StoredListener): void {
    this.stored.on('stored', listener);
  }

  private report(id: string, events: readonly OutboxEntry[], mark: PendingMark): void {
    this.stored.emit('stored', this, id, events, mark);
  }
}
