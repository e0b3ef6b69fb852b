import { defineModel, type Logger } from '@ticketing/common';
import { type Model, Schema } from 'mongoose';

/**
 * One entry of a watch list: the id of a record (an order) some periodic job still has work on. DESIGN §16: a
 * periodic sweep reads a collection that holds only the live working set, never the history (the local engine has no
 * usable secondary index, so any other query of a record collection reads every record ever made).
 */
export interface WatchDoc {
  /** The watched record's id (an order id). */
  _id: string;
  /** When the job last looked at it (NEVER_LOOKED until then): it works oldest first. */
  lookedAt: Date;
  /** Not looked at again before this (a claim not yet quiet, a payout not yet due). */
  dueAt: Date;
  /** When the watch was made, or last asked for again (watchDue). */
  since: Date;
}

/** The `lookedAt` of an entry never looked at: before any other, so new work goes first. */
export const NEVER_LOOKED = new Date(0);

/** A watch list's operations (defineWatchList). */
export interface WatchList {
  readonly model: Model<WatchDoc>;
  /** For the service's boot: the collection's indexes. */
  init(): Promise<void>;
  /** Watches `id` (idempotent: an existing watch keeps its place and its due time), due at `dueAt` (now by default). */
  watch(id: string, dueAt?: Date): Promise<void>;
  /**
   * Watches `id`, due at `dueAt` even if it was watched already, and stamps `since` now: work that must be looked at
   * again, after a change the job may not see yet (a refund about to be stored).
   */
  watchDue(id: string, dueAt?: Date): Promise<void>;
  /** Drops the watch: the job has nothing left to do for it. */
  unwatch(id: string): Promise<void>;
  /** Up to `limit` watches due at `now`, oldest looked-at first (of those never looked at, the first due first). */
  due(now: Date, limit: number): Promise<WatchDoc[]>;
  /**
   * Takes a watch for one look: stamps `lookedAt` (to the back of the line) and a provisional `dueAt` (if this
   * process dies mid-look, another looks again then), conditional on the `lookedAt` it was read with, so that of two
   * replicas reading the same batch one looks at each entry. Returns whether this caller took it.
   */
  take(watch: WatchDoc, now: Date, dueAt: Date): Promise<boolean>;
  /** Sets when it is next due; with `lookedAt`, also puts back the place in line it had. */
  reschedule(id: string, dueAt: Date, lookedAt?: Date): Promise<void>;
}

/** The watch list `name` in collection `collection`. */
export function defineWatchList(name: string, collection: string): WatchList {
  const schema = new Schema<WatchDoc>(
    {
      _id: { type: String, required: true },
      lookedAt: { type: Date, required: true },
      dueAt: { type: Date, required: true },
      since: { type: Date, required: true },
    },
    { collection, versionKey: false, id: false },
  );
  // For MongoDB (the local engine ignores it): the pass's order. The collection stays small either way.
  schema.index({ lookedAt: 1, dueAt: 1 });
  const model = defineModel<WatchDoc>(name, schema);
  return {
    model,
    init: () => model.init().then(() => undefined),
    async watch(id, dueAt = new Date()) {
      await model.collection.updateOne(
        { _id: id } as never,
        { $setOnInsert: { lookedAt: NEVER_LOOKED, dueAt, since: new Date() } },
        { upsert: true },
      );
    },
    async watchDue(id, dueAt = new Date()) {
      await model.collection.updateOne(
        { _id: id } as never,
        { $set: { dueAt, since: new Date() }, $setOnInsert: { lookedAt: NEVER_LOOKED } },
        { upsert: true },
      );
    },
    async unwatch(id) {
      await model.collection.deleteOne({ _id: id } as never);
    },
    due: (now, limit) =>
      model
        .find({ dueAt: { $lte: now } })
        .sort({ lookedAt: 1, dueAt: 1 })
        .limit(limit)
        .lean<WatchDoc[]>()
        .exec(),
    async take(watch, now, dueAt) {
      const result = await model.collection.updateOne({ _id: watch._id, lookedAt: watch.lookedAt } as never, {
        $set: { lookedAt: now, dueAt },
      });
      return result.modifiedCount === 1;
    },
    async reschedule(id, dueAt, lookedAt) {
      await model.collection.updateOne({ _id: id } as never, {
        $set: { dueAt, ...(lookedAt !== undefined && { lookedAt }) },
      });
    },
  };
}

/** How a pass over a watch list is paced. */
export interface WatchPassOptions {
  /** How many watches one read takes. */
  batch: number;
  /** A pass stops once it has run this long (the next pass goes on where it stopped, oldest first). */
  budgetMs: number;
  /** How long a taken watch is put off: no look can still be running after this (a claim's quiet time). */
  quietMs: number;
}

/**
 * One pass of a periodic job over its watch list (DESIGN §16): reads the watches that are due, oldest looked-at
 * first, a bounded batch at a time, and looks at each once (`look`), after taking it (WatchList.take), so a pass
 * never reads it twice and two replicas never look at one at once. Reads further batches until nothing due is left
 * or the pass has used its budget. A look that throws is logged; its watch comes due again after the quiet time.
 * Resolves with how many it looked at.
 */
export async function lookAtDueWatches(
  list: WatchList,
  options: WatchPassOptions,
  look: (watch: WatchDoc) => Promise<unknown>,
  log: Logger,
  what: string,
): Promise<number> {
  const started = Date.now();
  let looked = 0;
  const done = (): number => {
    if (looked > 0) log.debug({ looked, ms: Date.now() - started }, `${what} pass`);
    return looked;
  };
  for (;;) {
    const now = new Date();
    const due = await list.due(now, options.batch);
    for (const watch of due) {
      // Out of time: the rest of the batch stays due, and the next pass reads it again in order (new work first).
      if (Date.now() - started >= options.budgetMs) return done();
      if (!(await list.take(watch, now, new Date(now.getTime() + options.quietMs)))) continue;
      looked++;
      try {
        await look(watch);
      } catch (error) {
        log.warn({ err: error, id: watch._id }, `${what} failed; will retry`);
      }
    }
    if (due.length < options.batch) return done();
  }
}
