import express, { Router } from 'express';
import request from 'supertest';
import { z } from 'zod';
import { ConflictError, TooManyRequestsError } from '../src/errors';
import { createServiceApp, parseBody, requireAuth, sessionRevocations } from '../src/http';
import { createLogger } from '../src/service';
import { connectTestRedis, sessionCookie, TEST_JWT_KEY } from '@ticketing/testing';

const Body = z.object({ title: z.string().min(1), price: z.number().positive() });

const redis = connectTestRedis();
afterAll(() => redis.quit());

function app(trustedProxyHops = 1) {
  const router = Router()
    .post('/things', (req, res) => {
      res.status(201).json(parseBody(Body, req));
    })
    .get('/things/:id', (req, res) => {
      res.json({ id: req.params.id });
    })
    .get('/private', requireAuth, (req, res) => {
      res.json(req.currentUser);
    })
    .get('/ip', (req, res) => {
      res.json({ ip: req.ip });
    })
    .get('/conflict', () => {
      throw new ConflictError('Ticket is reserved');
    })
    .get('/throttled', () => {
      throw new TooManyRequestsError('Too many attempts', 42);
    })
    .get('/bug', async () => {
      throw new Error('database password is hunter2');
    });
  return createServiceApp({
    log: createLogger('test', 'silent'),
    routers: [router],
    isReady: () => true,
    trustedProxyHops,
    jwtKey: TEST_JWT_KEY,
    revocations: sessionRevocations(redis),
    rawBodyRouters: [
      Router().post('/raw', express.raw({ type: () => true }), (req, res) => {
        res.json({
          bytes: Buffer.isBuffer(req.body) ? req.body.toString('base64') : null,
          user: req.currentUser ?? null,
        });
      }),
    ],
  });
}

describe('createServiceApp', () => {
  test('When a body field is invalid, then 400 names the field in the error shape', async () => {
    const res = await request(app()).post('/things').send({ title: '', price: 'x' });

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['price', 'title']);
  });

  test('When the JSON is malformed or too large, then 400 and 413, never 500', async () => {
    const malformed = await request(app()).post('/things').set('content-type', 'application/json').send('{"title":');
    const large = await request(app())
      .post('/things')
      .send({ title: 'x'.repeat(20_000), price: 1 });

    expect(malformed.status).toBe(400);
    expect(large.status).toBe(413);
    expect(large.body.errors[0].message).toMatch(/too large/i);
  });

  test('When a path cannot be decoded, then 400, not 500', async () => {
    const res = await request(app()).get('/things/%zz');

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Malformed URL' }] });
  });

  test('When the body claims gzip but is not, then 400, not 500', async () => {
    const res = await request(app())
      .post('/things')
      .set('content-type', 'application/json')
      .set('content-encoding', 'gzip')
      .send('not gzip');

    expect(res.status).toBe(400);
  });

  test('When a handler has a bug, then 500 with a generic message and nothing internal', async () => {
    const res = await request(app()).get('/bug');

    expect(res.status).toBe(500);
    expect(res.body).toEqual({ errors: [{ message: 'Something went wrong' }] });
  });

  test('When an AppError is thrown, then its status and message are sent; 429 carries Retry-After', async () => {
    const conflict = await request(app()).get('/conflict');
    const throttled = await request(app()).get('/throttled');

    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({ errors: [{ message: 'Ticket is reserved' }] });
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('42');
  });

  test('When no session or a bad one is sent, then requireAuth answers 401; a valid one passes', async () => {
    const { cookie, user } = sessionCookie(TEST_JWT_KEY);

    const none = await request(app()).get('/private');
    const forged = await request(app())
      .get('/private')
      .set('cookie', sessionCookie('another-key-that-is-long-enough-0123456789').cookie);
    const valid = await request(app()).get('/private').set('cookie', cookie);

    expect(none.status).toBe(401);
    expect(forged.status).toBe(401);
    expect(valid.body).toEqual(user);
  });

  test('When a raw-body route is called, then it reads the bytes as sent, before the JSON parser and the session', async () => {
    const { cookie } = sessionCookie(TEST_JWT_KEY);
    const body = '{"id": "evt_1",  "spaced":  true}';

    const res = await request(app())
      .post('/raw')
      .set('content-type', 'application/json')
      .set('cookie', cookie)
      .send(body);
    const malformed = await request(app()).post('/raw').set('content-type', 'application/json').send('{not json');

    expect(res.status).toBe(200);
    expect(Buffer.from(res.body.bytes, 'base64').toString()).toBe(body);
    expect(res.body.user).toBeNull();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(malformed.status).toBe(200);
  });

  test('When a route is unknown, then 404 in the error shape; /healthz and /readyz answer', async () => {
    const missing = await request(app()).get('/nope');

    expect(missing.status).toBe(404);
    expect(missing.body.errors[0].message).toMatch(/not found/i);
    expect((await request(app()).get('/healthz')).status).toBe(200);
    expect((await request(app()).get('/readyz')).status).toBe(200);
  });
});

describe('createServiceApp: headers (DESIGN §10)', () => {
  test.each([
    ['a success', '/things/1'],
    ['an unknown route', '/nowhere'],
    ['an error', '/conflict'],
    ['a probe', '/healthz'],
  ])('When the answer is %s, then it says nosniff, forbids framing and does not name Express', async (_what, path) => {
    const res = await request(app()).get(path);

    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});

describe('createServiceApp: the client address (TRUSTED_PROXY_HOPS)', () => {
  test('When one proxy is trusted, then the address is the entry that proxy appended, not the ones the client wrote', async () => {
    const res = await request(app(1)).get('/ip').set('x-forwarded-for', '6.6.6.6, 7.7.7.7, 10.1.2.3');

    expect(res.body).toEqual({ ip: '10.1.2.3' });
  });

  test('When two proxies are trusted, then the address is the one the outer proxy appended', async () => {
    const res = await request(app(2)).get('/ip').set('x-forwarded-for', '6.6.6.6, 10.1.2.3, 10.9.9.9');

    expect(res.body).toEqual({ ip: '10.1.2.3' });
  });

  test('When no proxy is trusted, then X-Forwarded-For is ignored and the address is the peer', async () => {
    const res = await request(app(0)).get('/ip').set('x-forwarded-for', '6.6.6.6');

    expect(res.body.ip).toMatch(/127\.0\.0\.1$/);
  });
});
