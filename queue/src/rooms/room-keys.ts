/**
 * The Redis keys of a room (DESIGN §13). Every key of one room starts with its room key, so the scripts reach the
 * room's parts from KEYS[1] (`<room>:users`, `:pre`, `:waiting`, `:admitted`); a room and its tickets' keys are all
 * given to every script that reads them. The queue's Redis is not a cluster, so they need no hash tag.
 */
export interface RoomKeys {
  /** Hash: the room's parameters (onSaleAt, opensAt, closesAt, rate, expireAt) and state (shuffled, lastPos…). */
  room: string;
  /** Hash: ticket id → the last version applied, for every ticket of the event. */
  tickets: string;
  /** Set: the ids of the event's tickets that are neither sold nor withdrawn. */
  unsold: string;
}

/** The set of event ids whose rooms each replica's tick visits until they close. */
export const OPEN_ROOMS_KEY = 'queue:rooms';

export function roomKeys(eventId: string): RoomKeys {
  return {
    room: `queue:room:${eventId}`,
    tickets: `queue:event:${eventId}:tickets`,
    unsold: `queue:event:${eventId}:unsold`,
  };
}

/** The keys in the order every room script takes them (KEYS[1..3]). */
export function roomKeyList(eventId: string): string[] {
  const keys = roomKeys(eventId);
  return [keys.room, keys.tickets, keys.unsold];
}
