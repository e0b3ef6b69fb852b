import {
  createEventStream,
  type Dependency,
  type EventStream,
  type QueueStatusJson,
  type Redis,
} from '@ticketing/common';
import { statusJson } from './queue-status';
import { roomStatus } from './rooms';

/** Who a stream is for: a buyer in one room. */
export interface Watcher {
  eventId: string;
  userId: string;
}

/** The live statuses of GET /api/queue/:eventId/stream. */
export interface StatusFeed {
  stream: EventStream<Watcher>;
  /**
   * Follows `watcher` while the stream just opened for it is open (until `closed` fires), and sends it `status` at
   * once.
   */
  watch(watcher: Watcher, status: QueueStatusJson, closed: { once(event: 'close', fn: () => void): unknown }): void;
  /** Reads the status of every followed buyer and sends those that changed (the admission tick calls it). */
  refresh(): Promise<void>;
  /** How many buyers are followed (tests). */
  readonly followed: number;
  dependency(): Dependency;
}

/** Buyers whose status one refresh reads at once (one script call each, pipelined on the one connection). */
const REFRESH_BATCH = 200;

/**
 * The room's live feed. A buyer's status changes with steps that any replica may take (the shuffle, an admission,
 * the sell-out, a pass running out), so each replica reads the status of the buyers it streams to once per tick and
 * pushes it when it changed (the pass token aside, which is signed anew at each read): no bus, and one Redis call per
 * followed buyer per tick. Streams are capped per user and per process as the other feeds are (common's event
 * stream: 10 per user, `maxStreams` per process).
 */
export function createStatusFeed(options: { redis: Redis; passKey: string; maxStreams: number }): StatusFeed {
  const stream = createEventStream<Watcher>({ maxClients: options.maxStreams });
  const followed = new Map<string, { watcher: Watcher; last: string; streams: number }>();
  const keyOf = (w: Watcher) => `${w.eventId}:${w.userId}`;
  const withoutPass = ({ pass: _pass, ...rest }: QueueStatusJson) => JSON.stringify(rest);
  const send = (watcher: Watcher, status: QueueStatusJson): void =>
    void stream.send('status', status, (a) => a.eventId === watcher.eventId && a.userId === watcher.userId);

  return {
    stream,
    watch(watcher, status, closed) {
      const key = keyOf(watcher);
      const entry = followed.get(key) ?? { watcher, last: '', streams: 0 };
      entry.streams += 1;
      entry.last = withoutPass(status);
      followed.set(key, entry);
      closed.once('close', () => {
        entry.streams -= 1;
        if (entry.streams <= 0 && followed.get(key) === entry) followed.delete(key);
      });
      send(watcher, status);
    },
    async refresh() {
      const entries = [...followed.values()];
      for (let i = 0; i < entries.length; i += REFRESH_BATCH) {
        await Promise.all(
          entries.slice(i, i + REFRESH_BATCH).map(async (entry) => {
            const { watcher } = entry;
            const read = await roomStatus(options.redis, watcher.eventId, watcher.userId);
            const status =
              read.outcome === 'status'
                ? statusJson(read.place, read.room, { ...watcher, passKey: options.passKey })
                : undefined;
            if (!status) return;
            const now = withoutPass(status);
            if (now === entry.last) return;
            entry.last = now;
            send(watcher, status);
          }),
        );
      }
    },
    get followed() {
      return followed.size;
    },
    dependency: () => ({
      name: 'queue-feed',
      isReady: () => true,
      stopServing: () => stream.close(),
      close: async () => stream.close(),
    }),
  };
}
