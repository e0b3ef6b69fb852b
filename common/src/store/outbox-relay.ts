import { context } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Bus } from '../bus/connect-bus';
import { publishEnvelope } from '../bus/publish';
import { contextOf } from '../tracing/trace-context';
import type { OutboxSource } from './entity-store';
import { observeOutbox } from './outbox-metrics';
import { deletePending, isSettled, type EntityState, type PendingMark, type PendingMarker } from './outbox-pending';
import type { OutboxEntry } from './versioned-schema';

/** A running relay. */
export interface OutboxRelay {
  /** Publishes every event left in an outbox once now; resolves with how many documents it emptied. */
  sweep(): Promise<number>;
  /** Stops the periodic sweep and waits for publishes in flight. */
  stop(): Promise<void>;
}

export interface OutboxRelayOptions {
  bus: Bus;
  stores: readonly OutboxSource[];
  log: Logger;
  /**
   * How often a safety sweep looks for leftovers nobody reported (another replica's crash). Default 30 s. After a
   * failed publish (a bus outage), sweeps run every `retryIntervalMs` (default 1 s) until one succeeds. The first
   * sweep runs at start (this process's own crash).
   */
  sweepIntervalMs?: number;
  retryIntervalMs?: number;
}

/** Markers a sweep reads at a time from each store. */
const SWEEP_BATCH = 500;

/**
 * The `comment` on the relay's own database commands: they run beside a request, which never waits for them, so
 * the tests that count a request's round trips (testing's recordDatabaseCommands) leave them out.
 */
export const OUTBOX_RELAY_COMMENT = 'outbox-relay';

/**
 * The outbox relay (DESIGN §5, "No lost events"). A change and its events are stored by one write into an
 * {@link EntityStore} document's `outbox`; the relay publishes each event right after (immediate path) and then
 * `$pull`s exactly that event by its id: an operation on the array alone, so it can never undo a concurrent change of
 * the document. Then it deletes the entity's pending marker, stamped before the write, if nothing is left to publish
 * (outbox-pending.ts). A crash between the write and the publish leaves the event in `outbox` and its marker; the
 * sweep reads the markers (the live working set, never the whole collection: DESIGN §16) and publishes what they
 * point at, at start, after a failure, and every `sweepIntervalMs`. The first sweep after start also reads, once, the
 * documents whose outbox is not empty, for events stored before markers existed (a sparse index serves it on MongoDB).
 *
 * One document's events are published in order; documents are independent, so one that fails (its event refused,
 * the bus gone for it) is logged and retried by the next sweep without holding up the others.
 * An event can be published twice (two replicas sweeping at once, a crash after the publish and before the pull); the
 * event id is the `Nats-Msg-Id`, so JetStream keeps one copy within its duplicate window, and consumers are
 * idempotent beyond it.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { bus, stores, log } = options;
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  let sweeping: Promise<number> | undefined;
  // Set when a publish failed: sweep again soon rather than at the slow safety interval.
  let dirty = true;
  // Documents stored before the markers existed are looked for once, by the first sweep that completes.
  let legacyScanned = false;
  const comment = OUTBOX_RELAY_COMMENT;

  async function publishDocument(store: OutboxSource, id: string, events: readonly OutboxEntry[]): Promise<void> {
    for (const event of events) {
      // In the trace of the change that stored the event (DESIGN §14), whichever path publishes it and however late.
      await context.with(contextOf(event), async () => {
        await publishEnvelope(bus, event);
        // The service's own use of the event, before the pull: a failure leaves the event for the sweep to retry.
        if (store.relayed) await store.relayed(event);
        await store.collection.updateOne({ _id: id } as never, { $pull: { outbox: { id: event.id } } } as never, {
          comment,
        });
      });
    }
  }

  async function entityState(
    store: OutboxSource,
    id: string,
  ): Promise<(EntityState & { outbox: OutboxEntry[] }) | null> {
    const doc = (await store.collection.findOne({ _id: id } as never, {
      projection: { version: 1, outbox: 1 },
      comment,
    })) as { version: number; outbox?: OutboxEntry[] } | null;
    return doc && { version: doc.version, outbox: doc.outbox ?? [], outboxLength: doc.outbox?.length ?? 0 };
  }

  /** Deletes the marker when nothing is left to publish and no write stamped since (outbox-pending.ts). */
  async function settle(store: OutboxSource, id: string, marker: PendingMark & { at?: Date }): Promise<void> {
    if (isSettled(marker, await entityState(store, id))) await deletePending(store.pending, id, marker.token, comment);
  }

  /** Publishes what a marker points at, then deletes the marker if it is settled. */
  async function publishMarked(store: OutboxSource, marker: PendingMarker): Promise<boolean> {
    const entity = await entityState(store, marker._id);
    if (!entity || entity.outbox.length === 0) {
      if (isSettled(marker, entity)) await deletePending(store.pending, marker._id, marker.token, comment);
      return false;
    }
    await publishDocument(store, marker._id, entity.outbox);
    await settle(store, marker._id, marker);
    return true;
  }

  function track<T>(p: Promise<T>): Promise<T> {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  for (const store of stores) {
    store.onStored((from, id, events, mark) => {
      if (stopped) return;
      track(
        (async () => {
          await publishDocument(from, id, events);
          await settle(from, id, mark);
        })().catch((error: unknown) => {
          dirty = true;
          log.warn({ err: error, collection: from.name, id }, 'immediate publish failed; the sweep will retry');
        }),
      );
    });
  }

  /** Publishes the events of the documents a cursor yields (markers, or legacy documents), each on its own. */
  async function sweepStore<T extends { _id: string }>(
    store: OutboxSource,
    documents: AsyncIterable<T>,
    publish: (doc: T) => Promise<boolean>,
  ): Promise<{ published: number; failed: number }> {
    let [published, failed] = [0, 0];
    for await (const doc of documents) {
      if (stopped) break;
      try {
        if (await publish(doc)) published++;
      } catch (error) {
        failed++;
        log.warn({ err: error, collection: store.name, id: doc._id }, 'outbox entry not published; will retry');
      }
    }
    return { published, failed };
  }

  async function sweepOnce(): Promise<number> {
    let published = 0;
    let failed = 0;
    let legacyFailed = 0;
    for (const store of stores) {
      const marked = await sweepStore(
        store,
        store.pending.find({}, { batchSize: SWEEP_BATCH, comment }) as unknown as AsyncIterable<PendingMarker>,
        (marker) => publishMarked(store, marker),
      );
      published += marked.published;
      failed += marked.failed;
      if (legacyScanned) continue;
      const legacy = await sweepStore(
        store,
        store.collection.find({ 'outbox.0.id': { $exists: true } } as never, {
          projection: { outbox: 1 },
          batchSize: SWEEP_BATCH,
          comment,
        }) as unknown as AsyncIterable<{ _id: string; outbox: OutboxEntry[] }>,
        async (doc) => {
          await publishDocument(store, doc._id, doc.outbox);
          return true;
        },
      );
      published += legacy.published;
      failed += legacy.failed;
      legacyFailed += legacy.failed;
    }
    // A legacy document left unpublished has no marker: scan again until none is left.
    if (!stopped && legacyFailed === 0) legacyScanned = true;
    if (published > 0) log.info({ published }, 'outbox sweep published leftover events');
    if (failed > 0) {
      dirty = true;
      log.warn({ failed, published }, 'outbox sweep left documents unpublished; sweeping again soon');
    }
    return published;
  }

  function sweep(): Promise<number> {
    if (sweeping) return sweeping; // a failure reported meanwhile keeps `dirty` set for the next sweep
    dirty = false;
    sweeping = track(sweepOnce())
      .catch((error: unknown) => {
        dirty = true;
        throw error;
      })
      .finally(() => {
        sweeping = undefined;
      });
    return sweeping;
  }

  const sweepLogged = () =>
    sweep().catch((error: unknown) => log.warn({ err: error }, 'outbox sweep failed; will retry'));
  let lastSweep = Date.now();
  const timer = setInterval(() => {
    const due = dirty || Date.now() - lastSweep >= (options.sweepIntervalMs ?? 30_000);
    if (!due || stopped) return;
    lastSweep = Date.now();
    void sweepLogged();
  }, options.retryIntervalMs ?? 1_000);
  timer.unref();
  void sweepLogged();
  const stopObserving = observeOutbox(stores, comment);

  return {
    sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      stopObserving();
      await Promise.allSettled([...inFlight]);
    },
  };
}
