import { Router } from 'express';
import request from 'supertest';
import { createServiceApp, sessionRevocations } from '../src/http';
import { connectTestRedis, sessionCookie, TEST_JWT_KEY } from '@ticketing/testing';
import { capturingLogger } from './support';

const redis = connectTestRedis();
afterAll(() => redis.quit());

function app() {
  const { log, lines } = capturingLogger();
  const router = Router()
    .get('/things/:id', (req, res) => {
      req.log.info({ thing: req.params.id }, 'looked a thing up');
      res.json({ id: req.params.id });
    })
    .post('/signin', (_req, res) => {
      res.json({ ok: true });
    })
    .get('/bug', () => {
      throw new Error('boom');
    });
  const built = createServiceApp({
    log,
    routers: [router],
    isReady: () => true,
    trustedProxyHops: 1,
    jwtKey: TEST_JWT_KEY,
    revocations: sessionRevocations(redis),
  });
  const requestLines = () => lines().filter((line) => line.msg === 'request completed');
  return { built, lines, requestLines };
}

describe('createServiceApp: request logs', () => {
  test('When a request completes, then one line has its id, method, route, path, status and time', async () => {
    const { built, requestLines } = app();

    const res = await request(built).get('/things/42?color=red');

    expect(requestLines()).toEqual([
      expect.objectContaining({
        level: 30,
        reqId: res.headers['x-request-id'],
        method: 'GET',
        route: '/things/:id',
        path: '/things/42',
        status: 200,
        ms: expect.any(Number),
      }),
    ]);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('When a route logs through req.log, then its line carries the same reqId as the request line', async () => {
    const { built, lines } = app();

    await request(built).get('/things/7').set('x-request-id', 'trace-7');

    const routeLine = lines().find((line) => line.msg === 'looked a thing up');
    expect(routeLine).toMatchObject({ reqId: 'trace-7', thing: '7' });
    expect(lines().find((line) => line.msg === 'request completed')).toMatchObject({ reqId: 'trace-7' });
  });

  test('When the caller sends an X-Request-ID that is not a short printable id, then a fresh one replaces it', async () => {
    const { built, requestLines } = app();

    const spaced = await request(built).get('/things/1').set('x-request-id', 'a b "quoted" {json}');
    const long = await request(built).get('/things/2').set('x-request-id', 'x'.repeat(101));

    for (const res of [spaced, long]) expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLines().map((line) => line.reqId)).toEqual([spaced, long].map((r) => r.headers['x-request-id']));
  });

  test('When a request carries a cookie, an authorization header and a password, then none of them is logged', async () => {
    const { built, lines } = app();
    const { cookie } = sessionCookie(TEST_JWT_KEY);

    await request(built)
      .post('/signin')
      .set('cookie', cookie)
      .set('authorization', 'Bearer secret-token-123')
      .send({ email: 'a@b.c', password: 'hunter2-hunter2' });

    const logged = JSON.stringify(lines());
    expect(logged).not.toContain(cookie.split('=')[1]);
    expect(logged).not.toContain('secret-token-123');
    expect(logged).not.toContain('hunter2');
    expect(lines().filter((line) => line.msg === 'request completed')).toHaveLength(1);
  });

  test('When a route fails or none matches, then the line says 500 (at warn) or 404, without a route', async () => {
    const { built, requestLines } = app();

    await request(built).get('/bug');
    await request(built).get('/nowhere');

    expect(requestLines()).toEqual([
      expect.objectContaining({ level: 40, route: '/bug', status: 500 }),
      expect.objectContaining({ level: 30, path: '/nowhere', status: 404 }),
    ]);
    expect(requestLines()[1]).not.toHaveProperty('route');
  });

  test('When the probes are polled, then they are not logged', async () => {
    const { built, lines } = app();

    await request(built).get('/healthz');
    await request(built).get('/readyz');

    expect(lines()).toEqual([]);
  });
});
