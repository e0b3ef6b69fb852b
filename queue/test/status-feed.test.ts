import { EventEmitter } from 'node:events';
import type { QueueStatusJson } from '@ticketing/common';
import { connectTestRedis, eventually, startTestRedis, type TestRedis } from '@ticketing/testing';
import type { Redis } from 'ioredis';
import { admitStep, cancelRoom, defineRoom, joinRoom } from '../src/rooms/rooms';
import { COUNTS_EVERY_REFRESHES, createStatusFeed, BUYERS_PER_TURN, type StatusFeed } from '../src/rooms/status-feed';
import { findQueueStatus } from '../src/routes/show-queue-status';
import { roomEventData } from './support/queue-fixtures';

// The live feed on a Redis of its own, without the service: what a refresh costs in Redis calls, and that what it
// streams is what the status route answers at that moment, through the shuffle, admissions, passes running out, a
// no-show joining again and a cancellation.
const PASS_KEY = 'feed-test-pass-key';
const ROOMS = 2;
const BUYERS_PER_ROOM = 25;

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

/** The feed, with the last status it sent each buyer and the Redis calls (scripts) each refresh makes. */
function followedFeed(): { feed: StatusFeed; sent: Map<string, QueueStatusJson>; refreshCalls(): Promise<number> } {
  const feed = createStatusFeed({ redis: client, passKey: PASS_KEY, maxStreams: 500 });
  const sent = new Map<string, QueueStatusJson>();
  const sendTo = feed.stream.sendTo.bind(feed.stream);
  jest.spyOn(feed.stream, 'sendTo').mockImplementation((name, data, key) => {
    sent.set(key, data as QueueStatusJson);
    return sendTo(name, data, key);
  });
  const scripts = jest.spyOn(client, 'evalsha');
  const refreshCalls = async (): Promise<number> => {
    const before = scripts.mock.calls.length;
    await feed.refresh();
    return scripts.mock.calls.length - before;
  };
  return { feed, sent, refreshCalls };
}

const withoutPass = ({ pass, ...rest }: QueueStatusJson) => ({ ...rest, hasPass: pass !== undefined });

describe('the live status feed', () => {
  test('When nothing moved a refresh makes one Redis call per room, and what it streams is what the status route answers', async () => {
    const onSaleAt = Date.now() + 800;
    const rooms = Array.from({ length: ROOMS }, () => roomEventData(onSaleAt - Date.now()));
    await Promise.all(rooms.map((room) => defineRoom(client, room, 30)));
    const buyers = rooms.flatMap((room) =>
      Array.from({ length: BUYERS_PER_ROOM }, (_, i) => ({ eventId: room.id, userId: `buyer-${i}` })),
    );
    for (const b of buyers) expect((await joinRoom(client, b.eventId, b.userId)).outcome).toBe('joined');
    const { feed, sent, refreshCalls } = followedFeed();
    const closers = buyers.map(() => new EventEmitter());
    for (const [i, b] of buyers.entries())
      feed.watch(b, await findQueueStatus(client, PASS_KEY, b.eventId, b.userId), closers[i]!);
    expect(feed.followed).toBe(buyers.length);

    /**
     * Every buyer's last streamed status is the route's answer now (the pass is signed anew at each read), once the
     * refreshes of a whole cycle have sent the waiting their counts (each nothing but one call per room).
     */
    const expectStreamedAsRoute = async (): Promise<void> => {
      for (let i = 1; i < COUNTS_EVERY_REFRESHES; i++) expect(await refreshCalls()).toBe(ROOMS);
      for (const b of buyers) {
        const route = await findQueueStatus(client, PASS_KEY, b.eventId, b.userId);
        expect(withoutPass(sent.get(`${b.eventId}:${b.userId}`)!)).toEqual(withoutPass(route));
      }
    };

    // Before onSaleAt: the pre-queue, one call per room.
    expect(await refreshCalls()).toBe(ROOMS);
    await expectStreamedAsRoute();

    // The shuffle: every buyer's position is read once (one batch per room), then derived.
    await eventually(() => Date.now() > onSaleAt + 20, 'onSaleAt passed');
    expect(await refreshCalls()).toBe(2 * ROOMS);
    await expectStreamedAsRoute();
    expect(await refreshCalls()).toBe(ROOMS);

    // Admissions (with passes of 400 ms): the admitted are read (one batch per room), the waiting are derived.
    const shortPassesFrom = Date.now();
    await Promise.all(rooms.map((room) => admitStep(client, room.id, 400, 10)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const admitted = await Promise.all(rooms.map((room) => admitStep(client, room.id, 60_000, 5)));
    expect(admitted.every((step) => step.outcome === 'admitting' && step.admitted > 0)).toBe(true);
    expect(await refreshCalls()).toBe(2 * ROOMS);
    await expectStreamedAsRoute();
    expect([...sent.values()].filter((s) => s.status === 'admitted').length).toBeGreaterThanOrEqual(2 * ROOMS);
    expect(await refreshCalls()).toBe(ROOMS);
    await expectStreamedAsRoute();

    // The short passes run out: derived from Redis's clock, no buyer read.
    await eventually(() => Date.now() > shortPassesFrom + 450, 'the short passes ran out');
    expect(await refreshCalls()).toBe(ROOMS);
    await expectStreamedAsRoute();
    const noShow = buyers.find((b) => sent.get(`${b.eventId}:${b.userId}`)?.status === 'expired')!;
    expect(noShow).toBeDefined();

    // The no-show joins again, at the back: the room's no-shows moved, so its expired buyers are read once.
    expect((await joinRoom(client, noShow.eventId, noShow.userId)).outcome).toBe('joined');
    expect(await refreshCalls()).toBe(ROOMS + 1);
    await expectStreamedAsRoute();
    expect(sent.get(`${noShow.eventId}:${noShow.userId}`)).toMatchObject({ status: 'waiting' });
    expect(await refreshCalls()).toBe(ROOMS);

    // A cancellation closes the room for everyone, without reading anyone.
    await cancelRoom(client, rooms[0]!.id);
    expect(await refreshCalls()).toBe(ROOMS);
    await expectStreamedAsRoute();

    for (const closer of closers) closer.emit('close');
    expect(feed.followed).toBe(0);
    expect(await refreshCalls()).toBe(0);
  });

  test('When only the people ahead move, each refresh sends them to a share of the waiting and a cycle to all; an admission is sent at once', async () => {
    const room = roomEventData(-1_000);
    await defineRoom(client, room, 30);
    const buyers = Array.from({ length: 20 }, (_, i) => ({ eventId: room.id, userId: `waiting-${i}` }));
    for (const b of buyers) expect((await joinRoom(client, b.eventId, b.userId)).outcome).toBe('joined');
    const { feed, sent } = followedFeed();
    const sends = jest.mocked(feed.stream.sendTo);
    for (const b of buyers)
      feed.watch(b, await findQueueStatus(client, PASS_KEY, b.eventId, b.userId), new EventEmitter());
    await feed.refresh();
    sends.mockClear();

    // Two buyers admitted (two milliseconds of credit at a buyer a millisecond): both hear it at the next refresh.
    const step = await admitStep(client, room.id, 60_000, 2);
    expect(step).toMatchObject({ outcome: 'admitting', admitted: 2 });
    await feed.refresh();
    const admitted = buyers.slice(0, 2).map((b) => sent.get(`${b.eventId}:${b.userId}`));
    expect(admitted.map((s) => s?.status)).toEqual(['admitted', 'admitted']);
    const waiting = buyers.length - 2;
    const firstCounts = sends.mock.calls.length - 2;
    expect(firstCounts).toBeLessThanOrEqual(Math.ceil(waiting / COUNTS_EVERY_REFRESHES));

    // The rest of the cycle sends every waiting buyer their counts once, a share each refresh.
    const perRefresh = [firstCounts];
    for (let i = 1; i < COUNTS_EVERY_REFRESHES; i++) {
      const before = sends.mock.calls.length;
      await feed.refresh();
      perRefresh.push(sends.mock.calls.length - before);
    }
    expect(perRefresh.reduce((a, b) => a + b)).toBe(waiting);
    expect(Math.max(...perRefresh)).toBeLessThanOrEqual(Math.ceil(waiting / COUNTS_EVERY_REFRESHES));
    for (const b of buyers.slice(2)) {
      const route = await findQueueStatus(client, PASS_KEY, b.eventId, b.userId);
      expect(sent.get(`${b.eventId}:${b.userId}`)).toEqual(route);
      expect(route).toMatchObject({ status: 'waiting', ahead: route.position! - 3 });
    }
  });

  test('A refresh of many buyers lets the event loop run between shares of them, so a join never waits for all of it', async () => {
    const room = roomEventData(-1_000);
    await defineRoom(client, room, 30);
    const buyers = Array.from({ length: 4 * BUYERS_PER_TURN }, (_, i) => ({ eventId: room.id, userId: `many-${i}` }));
    for (const b of buyers) expect((await joinRoom(client, b.eventId, b.userId)).outcome).toBe('joined');
    const { feed } = followedFeed();
    const sends = jest.mocked(feed.stream.sendTo);
    for (const b of buyers)
      feed.watch(b, await findQueueStatus(client, PASS_KEY, b.eventId, b.userId), new EventEmitter());
    // One admission moves everyone's counts: a whole cycle of refreshes sends each waiting buyer theirs once.
    expect(await admitStep(client, room.id, 60_000, 1)).toMatchObject({ outcome: 'admitting', admitted: 1 });
    sends.mockClear();

    // Work queued when the refresh sends its first status (a join arriving) runs before the refresh has gone
    // through everyone: at most one share later.
    const sentWhenQueuedWorkRan: number[] = [];
    sends.mockImplementationOnce(() => {
      setImmediate(() => sentWhenQueuedWorkRan.push(sends.mock.calls.length));
      return 1;
    });
    for (let i = 0; i < COUNTS_EVERY_REFRESHES; i++) await feed.refresh();
    expect(sends.mock.calls.length).toBe(buyers.length);
    expect(sentWhenQueuedWorkRan).toHaveLength(1);
    expect(sentWhenQueuedWorkRan[0]).toBeLessThan(sends.mock.calls.length / COUNTS_EVERY_REFRESHES);
  });
});
