import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import {
  createEventStream,
  createServiceApp,
  requireAuth,
  sessionRevocations,
  type EventStream,
  type EventStreamOptions,
} from '../src/http';
import { createLogger } from '../src/service';
import { connectTestRedis, eventually, openEventStream, sessionCookie, TEST_JWT_KEY } from '@ticketing/testing';

const redis = connectTestRedis();
afterAll(() => redis.quit());

let server: Server;
let base: string;
let stream: EventStream<string>;

/** Starts an app with one stream route, for the signed-in user, and returns its base URL. */
async function start(options: EventStreamOptions<string>): Promise<void> {
  stream = createEventStream<string>(options);
  const router = Router()
    .get(
      '/live',
      requireAuth,
      stream.handler((req) => req.currentUser?.id ?? ''),
    )
    // A public stream, as tickets' is: a signed-out client is counted by its address.
    .get(
      '/public',
      stream.handler(() => ''),
    );
  const app = createServiceApp({
    log: createLogger('test', 'silent'),
    routers: [router],
    isReady: () => true,
    trustedProxyHops: 1,
    jwtKey: TEST_JWT_KEY,
    revocations: sessionRevocations(redis),
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  stream.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('createEventStream', () => {
  test('When a client connects, then it gets an unbuffered, uncached event stream that starts with the retry advice', async () => {
    await start({ retryMs: 2_000 });

    const client = await openEventStream(`${base}/live`, { cookie: sessionCookie(TEST_JWT_KEY).cookie });

    expect(client.status).toBe(200);
    expect(client.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(client.headers['cache-control']).toBe('no-cache, no-transform');
    expect(client.headers['x-accel-buffering']).toBe('no');
    await eventually(() => client.retryMs === 2_000, 'retry advice');
    client.close();
  });

  test('When an event is sent to one audience, then only the streams of that audience get it', async () => {
    await start({});
    const alice = sessionCookie(TEST_JWT_KEY);
    const bob = sessionCookie(TEST_JWT_KEY);
    const aliceStream = await openEventStream(`${base}/live`, { cookie: alice.cookie });
    const bobStream = await openEventStream(`${base}/live`, { cookie: bob.cookie });
    await eventually(() => stream.size === 2, 'two streams open');

    const sent = stream.send('order', { id: 'o1', status: 'cancelled' }, (userId) => userId === alice.user.id);
    stream.send('order', { id: 'o2', status: 'created' });

    expect(sent).toBe(1);
    await bobStream.next((e) => (e.data as { id: string }).id === 'o2');
    expect(await aliceStream.next((e) => (e.data as { id: string }).id === 'o1')).toEqual({
      event: 'order',
      data: { id: 'o1', status: 'cancelled' },
    });
    expect(bobStream.events.map((e) => (e.data as { id: string }).id)).toEqual(['o2']);
    aliceStream.close();
    bobStream.close();
  });

  test('When an event is sent to an audience key, then only the open streams of that key get it', async () => {
    await start({ audienceKey: (userId) => `user:${userId}` });
    const alice = sessionCookie(TEST_JWT_KEY);
    const bob = sessionCookie(TEST_JWT_KEY);
    const aliceTabs = [
      await openEventStream(`${base}/live`, { cookie: alice.cookie }),
      await openEventStream(`${base}/live`, { cookie: alice.cookie }),
    ];
    const bobStream = await openEventStream(`${base}/live`, { cookie: bob.cookie });
    await eventually(() => stream.size === 3, 'three streams open');

    expect(stream.sendTo('status', { n: 1 }, `user:${alice.user.id}`)).toBe(2);
    for (const tab of aliceTabs) expect(await tab.next(() => true)).toEqual({ event: 'status', data: { n: 1 } });
    aliceTabs[0]!.close();
    await eventually(() => stream.size === 2, 'a closed tab removed');
    expect(stream.sendTo('status', { n: 2 }, `user:${alice.user.id}`)).toBe(1);
    expect(stream.sendTo('status', { n: 3 }, `user:${bob.user.id}`)).toBe(1);
    expect(await bobStream.next(() => true)).toEqual({ event: 'status', data: { n: 3 } });
    expect(bobStream.events).toHaveLength(1);
    aliceTabs[1]!.close();
    bobStream.close();
    await eventually(() => stream.size === 0, 'every stream removed');
    expect(stream.sendTo('status', { n: 4 }, `user:${alice.user.id}`)).toBe(0);
  });

  test('When the stream is quiet, then heartbeat comments keep it alive', async () => {
    await start({ heartbeatMs: 50 });

    const client = await openEventStream(`${base}/live`, { cookie: sessionCookie(TEST_JWT_KEY).cookie });

    await eventually(() => client.comments.filter((c) => c === 'heartbeat').length >= 2, 'two heartbeats');
    client.close();
  });

  test('When a stream has events, then it gets no heartbeat; a quiet one beside it does', async () => {
    await start({ heartbeatMs: 100, audienceKey: (userId) => userId });
    const alice = sessionCookie(TEST_JWT_KEY);
    const bob = sessionCookie(TEST_JWT_KEY);
    const busy = await openEventStream(`${base}/live`, { cookie: alice.cookie });
    const quiet = await openEventStream(`${base}/live`, { cookie: bob.cookie });

    // Alice's stream has an event every 30 ms, a third of the heartbeat period.
    const events = setInterval(() => stream.sendTo('status', { at: Date.now() }, alice.user.id), 30);
    await eventually(() => quiet.comments.filter((c) => c === 'heartbeat').length >= 3, 'three heartbeats');
    clearInterval(events);

    expect(busy.events.length).toBeGreaterThanOrEqual(5);
    expect(busy.comments.filter((c) => c === 'heartbeat')).toEqual([]);
    busy.close();
    quiet.close();
  });

  test('When maxClients streams are open, then the next is refused with 503, Retry-After and the error shape', async () => {
    await start({ maxClients: 1 });
    const { cookie } = sessionCookie(TEST_JWT_KEY);
    const first = await openEventStream(`${base}/live`, { cookie });

    const res = await fetch(`${base}/live`, { headers: { cookie } });

    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await res.json()).toEqual({ errors: [{ message: 'Live updates are not available right now' }] });
    first.close();
  });

  test('When one user has maxClientsPerClient streams open, then their next gets 429 with Retry-After; another user and a closed stream free room', async () => {
    await start({ maxClientsPerClient: 2 });
    const alice = sessionCookie(TEST_JWT_KEY).cookie;
    const open = [await openEventStream(`${base}/live`, { cookie: alice })];
    open.push(await openEventStream(`${base}/live`, { cookie: alice }));

    const third = await fetch(`${base}/live`, { headers: { cookie: alice } });
    const bob = await openEventStream(`${base}/live`, { cookie: sessionCookie(TEST_JWT_KEY).cookie });
    open[0]?.close();
    await eventually(() => stream.size === 2, 'the closed stream removed');
    const afterClose = await openEventStream(`${base}/live`, { cookie: alice });

    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await third.json()).toEqual({ errors: [{ message: 'Too many live update streams open; close some tabs' }] });
    expect(bob.status).toBe(200);
    expect(afterClose.status).toBe(200);
    for (const s of [...open, bob, afterClose]) s.close();
  });

  test('When signed-out clients open streams, then each address is one client, and an IPv6 address counts as its /64', async () => {
    await start({ maxClientsPerClient: 1 });
    const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
    const first = await openEventStream(`${base}/public`, from('2001:db8:5:6::1'));

    const sameSlash64 = await fetch(`${base}/public`, from('2001:db8:5:6::2'));
    const otherAddress = await openEventStream(`${base}/public`, from('192.0.2.1'));

    expect(first.status).toBe(200);
    expect(sameSlash64.status).toBe(429);
    expect(otherAddress.status).toBe(200);
    first.close();
    otherAddress.close();
  });

  test('When a client goes away, then its stream is removed', async () => {
    await start({});
    const client = await openEventStream(`${base}/live`, { cookie: sessionCookie(TEST_JWT_KEY).cookie });
    await eventually(() => stream.size === 1, 'stream open');

    client.close();

    await eventually(() => stream.size === 0, 'stream removed');
    expect(stream.send('order', {})).toBe(0);
  });

  test('When the stream set is closed, then open streams end and new ones get 503', async () => {
    await start({});
    const { cookie } = sessionCookie(TEST_JWT_KEY);
    const client = await openEventStream(`${base}/live`, { cookie });
    await eventually(() => stream.size === 1, 'stream open');

    stream.close();

    await client.ended;
    expect((await fetch(`${base}/live`, { headers: { cookie } })).status).toBe(503);
  });

  test('When nobody is signed in on an authenticated stream, then 401 and no stream is opened', async () => {
    await start({});

    const res = await fetch(`${base}/live`);

    expect(res.status).toBe(401);
    expect(stream.size).toBe(0);
  });
});
