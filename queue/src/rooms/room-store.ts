import type { Redis } from '@ticketing/common';

/** What the listeners need to keep the rooms: the service's Redis and the pre-queue's length. */
export interface RoomStore {
  redis: Redis;
  prequeueMinutes: number;
}

let open: RoomStore | undefined;

/**
 * Makes `store` the one the listeners use (one per process, like expiration's queue, set in the service's connect
 * step before the listeners start); returns the function that unsets it at shutdown.
 */
export function openRoomStore(store: RoomStore): () => void {
  open = store;
  return () => {
    if (open === store) open = undefined;
  };
}

/** The store opened by {@link openRoomStore}; throws if none is (a listener running before boot). */
export function roomStore(): RoomStore {
  if (!open) throw new Error('the room store is not open: openRoomStore runs in the service connect step');
  return open;
}
