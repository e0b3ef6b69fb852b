import type { Redis } from 'ioredis';
import { roomKeys } from '../../src/rooms/room-keys';

/** A buyer's place as stored (room-scripts.ts: "<state>:<position>:<pass expiry ms>"). */
export interface StoredPlace {
  userId: string;
  state: string;
  position: number;
  passExpiresAt?: number;
}

/** Every place of a room, read straight from Redis (what no route lists: the whole room at once). */
export async function storedPlaces(redis: Redis, eventId: string): Promise<StoredPlace[]> {
  const users = await redis.hgetall(`${roomKeys(eventId).room}:users`);
  return Object.entries(users).map(([userId, value]) => {
    const [state = '', position = '', expiry = ''] = value.split(':');
    return { userId, state, position: Number(position), ...(expiry && { passExpiresAt: Number(expiry) }) };
  });
}

/** A room's counters (joined, admitted, lastPos…), read straight from Redis. */
export async function roomCounters(redis: Redis, eventId: string): Promise<Record<string, string>> {
  return redis.hgetall(roomKeys(eventId).room);
}
