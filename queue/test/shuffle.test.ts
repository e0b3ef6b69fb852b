import { newObjectId } from '@ticketing/common';
import { connectTestRedis, eventually, startTestRedis, type TestRedis } from '@ticketing/testing';
import type { Redis } from 'ioredis';
import { defineRoom, joinRoom, roomStatus } from '../src/rooms/rooms';
import { roomEventData } from './support/queue-fixtures';
import { storedPlaces } from './support/room-reader';

// The shuffle is Redis's and the scripts' alone (rooms.ts): this file drives the room operations on a Redis of its
// own, without the service, so that it can run a thousand joins in about a second.
let redis: TestRedis;
let client: Redis;
beforeAll(async () => {
  redis = await startTestRedis();
  client = connectTestRedis(redis.url);
});
afterAll(async () => {
  await client.quit();
  await redis.stop();
});

const ROOMS = 200;
const BUYERS = 5;

describe('the shuffle at onSaleAt', () => {
  test('When buyers join the pre-queue one after another, then their positions are a permutation independent of the joining order', async () => {
    const onSaleAt = Date.now() + 1_500;
    const rooms = Array.from({ length: ROOMS }, () => roomEventData(onSaleAt - Date.now()));
    const buyers = rooms.map(() => Array.from({ length: BUYERS }, () => newObjectId()));
    await Promise.all(rooms.map((room) => defineRoom(client, room, 30)));
    await Promise.all(
      rooms.map(async (room, r) => {
        // In each room, buyer 0 joins first, then buyer 1, …: the joining order is the index.
        for (const userId of buyers[r]!) expect((await joinRoom(client, room.id, userId)).outcome).toBe('joined');
      }),
    );
    expect(Date.now()).toBeLessThan(onSaleAt);
    await eventually(() => Date.now() > onSaleAt + 20, 'onSaleAt passed');

    const positions = await Promise.all(
      rooms.map((room, r) =>
        Promise.all(
          buyers[r]!.map(async (userId) => {
            const read = await roomStatus(client, room.id, userId);
            if (read.outcome !== 'status' || read.place.state !== 'waiting') throw new Error('not waiting');
            return read.place.position;
          }),
        ),
      ),
    );

    // Every room's pre-queue got the positions 1..5, each once.
    for (const room of positions) expect([...room].sort()).toEqual([1, 2, 3, 4, 5]);
    // counts[j][p]: how often the j-th to join got position p+1. Independent of the order, each is Binomial(200, 1/5):
    // 40 on average, standard deviation 5.7. Outside 10..80 has a chance of 2.5e-10 per cell (exact binomial tails),
    // so a fair shuffle fails this about once in 10^8 runs, while keeping the joining order (200 on the diagonal, 0 off
    // it), reversing it, or any other fixed rule fails it at once.
    const counts = Array.from({ length: BUYERS }, () => Array<number>(BUYERS).fill(0));
    for (const room of positions) room.forEach((position, joined) => counts[joined]![position - 1]!++);
    for (const row of counts) for (const count of row) expect(count).toBeGreaterThanOrEqual(10);
    for (const row of counts) for (const count of row) expect(count).toBeLessThanOrEqual(80);
  });

  test('When more buyers are pre-queued than the shuffle places per Redis call, then every one is placed once, at 1..n, and the later joiner after them', async () => {
    const room = roomEventData(1_500);
    const buyers = Array.from({ length: 1_234 }, () => newObjectId()); // 500 + 500 + 234: three calls
    await defineRoom(client, room, 30);
    for (let i = 0; i < buyers.length; i += 200) {
      await Promise.all(buyers.slice(i, i + 200).map((userId) => joinRoom(client, room.id, userId)));
    }
    expect(Date.now()).toBeLessThan(Date.parse(room.onSaleAt!));
    await eventually(() => Date.now() > Date.parse(room.onSaleAt!) + 20, 'onSaleAt passed');

    const laterJoiner = newObjectId();
    const later = await joinRoom(client, room.id, laterJoiner);
    expect(later.outcome === 'joined' && later.place.state === 'waiting' && later.place.position).toBe(1_235);
    const places = (await storedPlaces(client, room.id)).filter((place) => place.userId !== laterJoiner);
    expect(places).toHaveLength(buyers.length);
    expect(places.every((place) => place.state === 'waiting' && place.passExpiresAt === undefined)).toBe(true);
    expect(places.map((place) => place.position).sort((a, b) => a - b)).toEqual(buyers.map((_, i) => i + 1));
    // The waiting line holds the same positions: each buyer has exactly position - 1 people ahead.
    for (const place of places.filter((_, i) => i % 97 === 0)) {
      const read = await roomStatus(client, room.id, place.userId);
      expect(read.outcome === 'status' && read.place).toEqual({
        state: 'waiting',
        position: place.position,
        ahead: place.position - 1,
      });
    }
  });
});
