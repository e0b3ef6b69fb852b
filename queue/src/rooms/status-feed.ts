import { setImmediate as yieldToLoop } from 'node:timers/promises';
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

/**
 * Followed buyers a refresh goes through before it lets the event loop run what waits (joins, stream opens). Each
 * tick derives every followed buyer's status and pushes those that changed; with 5,000 buyers followed by a replica,
 * doing all of them in one turn held its loop for tens of milliseconds, which every join arriving meanwhile waited
 * for (bench/RESULTS.md, the on-sale).
 */
export const BUYERS_PER_TURN = 250;

/**
 * Refreshes between two pushes to one buyer that would only move the people ahead and the estimated wait. Each buyer
 * has their own turn in the cycle, so a refresh sends these counts to a fifth of the waiting rather than to all of
 * them at every tick: while a room admits, every waiting buyer's count moves at every tick, and 5,000 writes a tick
 * per replica took the CPU that joins needed (bench/RESULTS.md, the on-sale). Everything else (the position the
 * shuffle gives, an admission, a pass running out, the room closing) is pushed at the refresh that sees it; with the
 * default 1 s tick a waiting buyer's counts are at most 5 s old, and the page's status route is always exact.
 */
export const COUNTS_EVERY_REFRESHES = 5;

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
  /** The buyer's turn in the cycle of {@link COUNTS_EVERY_REFRESHES}. */
  turn: number;
  /** The position of the last status sent when it was 'waiting': a new one with the same position moves counts only. */
  sentWaiting: number | undefined;
}

/**
 * The room's live feed. A buyer's status changes with steps that any replica may take (the shuffle, an admission,
 * the sell-out, a pass running out), so each replica reads, once per tick, the state of each room it streams to
 * (one call per room: known-place.ts derives a followed buyer's status from it and the place last read), reads only
 * the buyers whose place the room's state cannot tell (a batch per call), and pushes a status when it changed (the
 * counts alone on the buyer's turn, {@link COUNTS_EVERY_REFRESHES}): no bus, and a tick's Redis calls grow with the
 * rooms and the buyers whose place moved, not with the buyers followed.
 * Streams are capped per user and per process as the other feeds are (common's event stream: 10 per user,
 * `maxStreams` per process).
 */
export function createStatusFeed(options: { redis: Redis; passKey: string; maxStreams: number }): StatusFeed {
  // Streams indexed by buyer: a tick may send to every stream open, and each send then visits its buyer's only.
  const stream = createEventStream<Watcher>({ maxClients: options.maxStreams, audienceKey: watcherKey });
  const rooms = new Map<string, Map<string, Followed>>();
  let refreshes = 0;
  let followedCount = 0;
  let watches = 0;
  const withoutPass = ({ pass: _pass, ...rest }: QueueStatusJson) => JSON.stringify(rest);
  const send = (watcher: Watcher, status: QueueStatusJson): void =>
    void stream.sendTo('status', status, watcherKey(watcher));

  /** Sends `place` to the buyer if their answer changed (counts alone: on the buyer's turn). */
  const push = (entry: Followed, place: Place, room: RoomFacts, key: string, refresh: number): void => {
    if (key === entry.lastKey) return;
    const countsOnly = place.state === 'waiting' && place.position === entry.sentWaiting;
    if (countsOnly && (refresh + entry.turn) % COUNTS_EVERY_REFRESHES !== 0) return;
    entry.lastKey = key;
    const status = statusJson(place, room, { ...entry.watcher, passKey: options.passKey });
    if (!status) return;
    const now = withoutPass(status);
    if (now === entry.last) return;
    entry.last = now;
    entry.sentWaiting = status.status === 'waiting' ? status.position : undefined;
    send(entry.watcher, status);
  };

  const refreshRoom = async (eventId: string, buyers: Map<string, Followed>, refresh: number): Promise<void> => {
    const state = await readRoomState(options.redis, eventId);
    if (!state) return;
    const toRead: Followed[] = [];
    let visited = 0;
    for (const entry of buyers.values()) {
      if (++visited % BUYERS_PER_TURN === 0) await yieldToLoop();
      if (entry.since >= refresh) continue;
      const place = derivePlace(entry.known, state);
      if (place === 'read') toRead.push(entry);
      else push(entry, place, state.room, placeKey(place, state), refresh);
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
        push(entry, place, read.room, placeKey(place, { ...state, room: read.room }), refresh);
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
        turn: watches++ % COUNTS_EVERY_REFRESHES,
        sentWaiting: undefined, // set below, as for a buyer followed again
      };
      if (entry.streams === 0) followedCount += 1;
      entry.streams += 1;
      entry.last = withoutPass(status);
      entry.lastKey = '';
      entry.known = knownFromStatus(status);
      entry.since = refreshes;
      entry.sentWaiting = status.status === 'waiting' ? status.position : undefined;
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
