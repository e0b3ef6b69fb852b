import type { QueueClosedReason, QueueStatusJson } from '@ticketing/common';
import type { Place, RoomState } from './rooms';

/**
 * What the feed last learnt of a followed buyer's place (from a status read), from which it derives the buyer's
 * status at each tick with the room's state alone (room-scripts.ts roomStateScript). 'admitted' covers an expired
 * pass too, with the no-shows count of the room when it was learnt; 'closed' and 'unknown' know no place (the read
 * answered closed, or absent).
 */
export type KnownPlace =
  | { state: 'prequeue' }
  | { state: 'waiting'; position: number }
  | { state: 'admitted'; position: number; passExpiresAt: number; noShows: number | undefined }
  | { state: 'closed'; reason: QueueClosedReason }
  | { state: 'unknown' };

/** What a status read taught (`noShows`: the room's count read before it, or undefined if not known). */
export function knownFromPlace(place: Place, noShows: number | undefined): KnownPlace {
  switch (place.state) {
    case 'prequeue':
      return { state: 'prequeue' };
    case 'waiting':
      return { state: 'waiting', position: place.position };
    case 'admitted':
    case 'expired':
      return { state: 'admitted', position: place.position, passExpiresAt: place.passExpiresAt.getTime(), noShows };
    case 'closed':
      return { state: 'closed', reason: place.reason };
    case 'absent':
      return { state: 'unknown' };
  }
}

/** The same from the status a stream opened with (its JSON answer); unknown if a field it needs is missing. */
export function knownFromStatus(status: QueueStatusJson): KnownPlace {
  const { position, passExpiresAt, reason } = status;
  switch (status.status) {
    case 'prequeue':
      return { state: 'prequeue' };
    case 'waiting':
      return position === undefined ? { state: 'unknown' } : { state: 'waiting', position };
    case 'admitted':
    case 'expired':
      if (position === undefined || passExpiresAt === undefined) return { state: 'unknown' };
      return { state: 'admitted', position, passExpiresAt: Date.parse(passExpiresAt), noShows: undefined };
    case 'closed':
      return reason === undefined ? { state: 'unknown' } : { state: 'closed', reason };
  }
}

/**
 * The buyer's place now, as statusScript would answer it, or 'read' when the room's state cannot tell: the room
 * shuffled a pre-queue buyer (their position), admitted a waiting one (their pass expiry), a no-show may have joined
 * again, or the place is not known. This relies on the scripts' invariants: positions are 1..lastPos with none
 * skipped (the shuffle numbers 1..n, later joins take lastPos + 1), admission pops the waiting in position order and
 * counts them, so the waiting are exactly the positions above `admitted` and a waiting buyer has position - 1 -
 * admitted ahead; an admitted place changes only when its holder joins again after it expired (which counts a
 * no-show); and nothing moves while the room is closed.
 */
export function derivePlace(known: KnownPlace, room: RoomState): Place | 'read' {
  // Cancelled or sold out: closed to everyone, whatever their place.
  if (room.closed && room.closed !== 'ended') return { state: 'closed', reason: room.closed };
  const ended = room.closed === 'ended';
  switch (known.state) {
    case 'prequeue':
      if (room.shuffled) return 'read';
      return ended ? { state: 'closed', reason: 'ended' } : { state: 'prequeue' };
    case 'waiting':
      if (known.position <= room.admitted) return 'read';
      if (ended) return { state: 'closed', reason: 'ended' };
      return { state: 'waiting', position: known.position, ahead: known.position - 1 - room.admitted };
    case 'admitted': {
      const passExpiresAt = new Date(known.passExpiresAt);
      if (known.passExpiresAt > room.now) return { state: 'admitted', position: known.position, passExpiresAt };
      if (known.noShows !== room.noShows) return 'read';
      return ended
        ? { state: 'closed', reason: 'ended' }
        : { state: 'expired', position: known.position, passExpiresAt };
    }
    case 'closed':
      // Read closed once it ended: no pass runs, and none can start in an ended room.
      if (ended && known.reason === 'ended') return { state: 'closed', reason: 'ended' };
      return 'read';
    case 'unknown':
      return 'read';
  }
}

/** A key equal for two places (with their room's facts) exactly when their JSON answers are, the pass aside. */
export function placeKey(place: Place, room: RoomState): string {
  const facts = `${room.room.onSaleAt.getTime()}:${room.room.admitPerMinute}`;
  switch (place.state) {
    case 'closed':
      return `closed:${place.reason}:${facts}`;
    case 'absent':
    case 'prequeue':
      return `${place.state}:${facts}`;
    case 'waiting':
      return `waiting:${place.position}:${place.ahead}:${facts}`;
    case 'admitted':
    case 'expired':
      return `${place.state}:${place.position}:${place.passExpiresAt.getTime()}:${facts}`;
  }
}
