import type { Logger } from 'pino';
import type { Bus } from '../bus/connect-bus';
import { publishEnvelope } from '../bus/publish';
import type { EventEnvelope } from '../events/envelope';
import type { OutboxSource } from './entity-store';

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

/** Documents a sweep reads at a time from each store. */
const SWEEP_BATCH = 500;

/**
 * The outbox relay (DESIGN §5, "No lost events"). A change and its events are stored by one write into an
 * {@link EntityStore} document's `outbox`; the relay publishes each event right after (immediate path) and then
 * `$pull`s exactly that event by its id: an operation on the array alone, so it can never undo a concurrent change of
 * the document. A crash between the write and the publish leaves the event in `outbox`; the sweep publishes it at
 * start, after a failure, and every `sweepIntervalMs`.
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

  async function publishDocument(store: OutboxSource, id: string, events: readonly EventEnvelope[]): Promise<void> {
    for (const event of events) {
      await publishEnvelope(bus, event);
      await store.collection.updateOne({ _id: id } as never, { $pull: { outbox: { id: event.id } } } as never);
    }
  }

  function track<T>(p: Promise<T>): Promise<T> {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  for (const store of stores) {
    store.onStored((from, id, events) => {
      if (stopped) return;
      track(
        publishDocument(from, id, events).catch((error: unknown) => {
          dirty = true;
          log.warn({ err: error, collection: from.name, id }, 'immediate publish failed; the sweep will retry');
        }),
      );
    });
  }

  async function sweepOnce(): Promise<number> {
    let published = 0;
    let failed = 0;
    for (const store of stores) {
      const pending = await store.collection
        .find({ 'outbox.0.id': { $exists: true } } as never, { projection: { outbox: 1 } })
        .limit(SWEEP_BATCH)
        .toArray();
      for (const doc of pending as unknown as Array<{ _id: string; outbox: EventEnvelope[] }>) {
        if (stopped) return published;
        try {
          await publishDocument(store, doc._id, doc.outbox);
          published++;
        } catch (error) {
          failed++;
          log.warn({ err: error, collection: store.name, id: doc._id }, 'outbox entry not published; will retry');
        }
      }
    }
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

  return {
    sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
