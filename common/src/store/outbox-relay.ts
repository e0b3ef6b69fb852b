import type { Logger } from 'pino';
import type { Bus } from '../bus/connect-bus';
import { publishEnvelope } from '../bus/publish';
import type { EventEnvelope } from '../events/envelope';
import type { VersionedLog } from './versioned-log';

/** A running relay. */
export interface OutboxRelay {
  /** Publishes every pending event once now; resolves with how many records it published. */
  sweep(): Promise<number>;
  /** Stops the periodic sweep and waits for publishes in flight. */
  stop(): Promise<void>;
}

export interface OutboxRelayOptions {
  bus: Bus;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- logs of any state type share one relay
  logs: Array<VersionedLog<any>>;
  log: Logger;
  /**
   * How often a safety sweep looks for leftovers nobody reported (another replica's crash). Default 30 s: a sweep is
   * a `pending` query, which FerretDB answers by scanning the collection. After a failed immediate publish (a bus
   * outage), sweeps run every `retryIntervalMs` (default 1 s) until one succeeds. The first sweep runs at start.
   */
  sweepIntervalMs?: number;
  retryIntervalMs?: number;
}

/**
 * The outbox relay (DESIGN §5, "No lost events"). A change and its events are stored by one insert into a
 * {@link VersionedLog}; the relay publishes them right after (immediate path) and sweeps for `pending` records at
 * start (this process's own crash), every second while publishes fail (a bus outage), and every `sweepIntervalMs`
 * for what another replica left behind. After the
 * PubAck it clears the record's `pending` flag, the one field of a record that is ever updated, so it cannot undo
 * a change even though FerretDB writes whole documents. A record may be published twice (two replicas sweep at
 * once, or a crash after publish and before clearing); the event id is the Nats-Msg-Id, so JetStream stores it once
 * within its duplicate window, and consumers are idempotent beyond it.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { bus, logs, log } = options;
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  let sweeping: Promise<number> | undefined;
  // Set when an immediate publish failed (or a sweep did): sweep again soon rather than at the slow safety interval.
  let dirty = true;

  async function publishRecord(target: VersionedLog<object>, recordId: string, events: EventEnvelope[]): Promise<void> {
    for (const event of events) await publishEnvelope(bus, event);
    await target.records.updateOne({ _id: recordId }, { $set: { pending: false } });
  }

  function track<T>(p: Promise<T>): Promise<T> {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  for (const target of logs) {
    target.onAppended((from, recordId, events) => {
      if (stopped) return;
      track(
        publishRecord(from, recordId, events).catch((error: unknown) => {
          dirty = true;
          log.warn({ err: error, recordId }, 'immediate publish failed; the sweep will retry');
        }),
      );
    });
  }

  async function sweepOnce(): Promise<number> {
    let published = 0;
    for (const target of logs) {
      const pending = await target.records
        .find({ pending: true })
        .sort({ createdAt: 1 })
        .limit(500)
        .lean<Array<{ _id: string; events: EventEnvelope[] }>>();
      for (const record of pending) {
        if (stopped) return published;
        await publishRecord(target, record._id, record.events);
        published++;
      }
    }
    if (published > 0) log.info({ published }, 'outbox sweep published leftover events');
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
