import {
  createEventStream,
  type Dependency,
  type EventStream,
  type QueueStatusJson,
  type Redis,
} from '@ticketing/common';
import { derivePlace, knownFromPlace, knownFromStatus, placeKey, type KnownPlace } from './known-place';
import { statusJson } from './queue-status';
import { readRoomState, roomStatuses, type Place, type RoomFacts } from './rooms';

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
  /** Sends each followed buyer's status if it changed (the admission tick calls it). */
  refresh(): Promise<void>;
  /** How many buyers are followed (tests). */
  readonly followed: number;
  dependency(): Dependency;
}

/** The streams of one buyer in one room. */
function watcherKey(watcher: Watcher): string {
  return `${watcher.eventId}:${watcher.userId}`;
}

/** Buyers whose status one script call reads at most (the buyers the room's state cannot place). */
const READ_BATCH = 200;

interface Followed {
  watcher: Watcher;
  /** The last status sent, the pass aside (a pass is signed anew at each read). */
  last: string;
  /** The key of the place last derived or read, to skip building the same answer again. */
  lastKey: string;
  known: KnownPlace;
  /** The refresh count when it was watched: a refresh that read its room before does not derive it. */
  since: number;
  streams: number;
}

/**
 * The room's live feed. A buyer's status changes with steps that any replica may take (the shuffle, an admission,
 * the sell-out, a pass running out), so each replica reads, once per tick, the state of each room it streams to
 * (one call per room: known-place.ts derives a followed buyer's status from it and the place last read), reads only
 * the buyers whose place the room's state cannot tell (a batch per call), and pushes a status when it changed: no
 * bus, and a tick's Redis calls grow with the rooms and the buyers whose place moved, not with the buyers followed.
 * Streams are capped per user and per process as the other feeds are (common's event stream: 10 per user,
 * `maxStreams` per process).
 */
export function createStatusFeed(options: { redis: Redis; passKey: string; maxStreams: number }): StatusFeed {
  // Streams indexed by buyer: a tick may send to every stream open, and each send then visits its buyer's only.
  const stream = createEventStream<Watcher>({ maxClients: options.maxStreams, audienceKey: watcherKey });
  const rooms = new Map<string, Map<string, Followed>>();
  let refreshes = 0;
  let followedCount = 0;
  const withoutPass = ({ pass: _pass, ...rest }: QueueStatusJson) => JSON.stringify(rest);
  const send = (watcher: Watcher, status: QueueStatusJson): void =>
    void stream.sendTo('status', status, watcherKey(watcher));

  /** Sends `place` to the buyer if their answer changed. */
  const push = (entry: Followed, place: Place, room: RoomFacts, key: string): void => {
    if (key === entry.lastKey) return;
    entry.lastKey = key;
    const status = statusJson(place, room, { ...entry.watcher, passKey: options.passKey });
    if (!status) return;
    const now = withoutPass(status);
    if (now === entry.last) return;
    entry.last = now;
    send(entry.watcher, status);
  };

  const refreshRoom = async (eventId: string, buyers: Map<string, Followed>, refresh: number): Promise<void> => {
    const state = await readRoomState(options.redis, eventId);
    if (!state) return;
    const toRead: Followed[] = [];
    for (const entry of buyers.values()) {
      if (entry.since >= refresh) continue;
      const place = derivePlace(entry.known, state);
      if (place === 'read') toRead.push(entry);
      else push(entry, place, state.room, placeKey(place, state));
    }
    for (let i = 0; i < toRead.length; i += READ_BATCH) {
      const batch = toRead.slice(i, i + READ_BATCH);
      const read = await roomStatuses(
        options.redis,
        eventId,
        batch.map((entry) => entry.watcher.userId),
      );
      if (!read) return;
      batch.forEach((entry, j) => {
        const place = read.places[j]!;
        entry.known = knownFromPlace(place, state.noShows);
        push(entry, place, read.room, placeKey(place, { ...state, room: read.room }));
      });
    }
  };

  return {
    stream,
    watch(watcher, status, closed) {
      const buyers = rooms.get(watcher.eventId) ?? new Map<string, Followed>();
      rooms.set(watcher.eventId, buyers);
      const entry = buyers.get(watcher.userId) ?? {
        watcher,
        last: '',
        lastKey: '',
        known: knownFromStatus(status),
        since: refreshes,
        streams: 0,
      };
      if (entry.streams === 0) followedCount += 1;
      entry.streams += 1;
      entry.last = withoutPass(status);
      entry.lastKey = '';
      entry.known = knownFromStatus(status);
      entry.since = refreshes;
      buyers.set(watcher.userId, entry);
      closed.once('close', () => {
        entry.streams -= 1;
        if (entry.streams > 0 || buyers.get(watcher.userId) !== entry) return;
        buyers.delete(watcher.userId);
        followedCount -= 1;
        if (buyers.size === 0 && rooms.get(watcher.eventId) === buyers) rooms.delete(watcher.eventId);
      });
      send(watcher, status);
    },
    async refresh() {
      refreshes += 1;
      const refresh = refreshes;
      for (const [eventId, buyers] of [...rooms]) await refreshRoom(eventId, buyers, refresh);
    },
    get followed() {
      return followedCount;
    },
    dependency: () => ({
      name: 'queue-feed',
      isReady: () => true,
      stopServing: () => stream.close(),
      close: async () => stream.close(),
    }),
  };
}
