import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createLogger, createServiceApp, requireAuth, sessionRevocations } from '@ticketing/common';
import { connectTestRedis, TEST_JWT_KEY } from '@ticketing/testing';
import type { Redis } from 'ioredis';
import { Router } from 'express';
import jwt from 'jsonwebtoken';
import { api, signUpUser, startAuth, type TestAuth } from './support';

let auth: TestAuth;
let redis: Redis;

beforeAll(async () => {
  auth = await startAuth();
  redis = connectTestRedis(auth.redis.url);
});

afterAll(async () => {
  await redis?.quit();
  await auth?.stop();
});

/**
 * Another service, as tickets or orders build theirs (common's createServiceApp, the same JWT key and the same Redis
 * deny-list), listening with one requireAuth route; `stop` closes it.
 */
async function startOtherService(): Promise<{ url: string; stop: () => Promise<void> }> {
  const other = createServiceApp({
    log: createLogger('other', 'silent'),
    isReady: () => true,
    trustedProxyHops: 1,
    jwtKey: TEST_JWT_KEY,
    revocations: sessionRevocations(redis),
    routers: [Router().get('/api/whoami', requireAuth, (req, res) => void res.json(req.currentUser))],
  });
  const server = await new Promise<Server>((resolve) => {
    const s = other.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A session cookie holding `token`, encoded as cookie-session encodes it. */
function cookieWith(token: string): string {
  return `session=${Buffer.from(JSON.stringify({ jwt: token })).toString('base64')}`;
}

/** The JWT inside a session cookie. */
function tokenOf(cookie: string): string {
  return (JSON.parse(Buffer.from(cookie.slice('session='.length), 'base64').toString()) as { jwt: string }).jwt;
}

describe('session cookie', () => {
  test('When a user signs up or signs in, then the cookie is HttpOnly, SameSite=Lax and Secure', async () => {
    const { email, password } = await signUpUser(auth.url);
    const signUp = await api(auth.url, 'POST', '/api/users/signup', { json: { email: `x${email}`, password } });
    const signIn = await api(auth.url, 'POST', '/api/users/signin', { json: { email, password } });

    for (const res of [signUp, signIn]) {
      const cookie = res.cookies.find((c) => c.name === 'session');
      expect(cookie?.attributes).toMatchObject({ httponly: true, samesite: 'lax', secure: true, path: '/' });
    }
  });

  test('When the session is decoded, then it holds a JWT signed with JWT_KEY that expires', async () => {
    const { cookie, user } = await signUpUser(auth.url);

    const claims = jwt.verify(tokenOf(cookie), TEST_JWT_KEY, { algorithms: ['HS256'] }) as jwt.JwtPayload;

    expect(claims).toMatchObject({ id: user.id, email: user.email, jti: expect.any(String) });
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
  });

  test("When another service receives auth's cookie, then its requireAuth route sees the same user", async () => {
    const { cookie, user } = await signUpUser(auth.url);
    const other = await startOtherService();
    const otherUrl = other.url;

    try {
      const signedIn = await api(otherUrl, 'GET', '/api/whoami', { cookie });
      const anonymous = await api(otherUrl, 'GET', '/api/whoami');

      expect(signedIn.status).toBe(200);
      expect(signedIn.body).toEqual(user);
      expect(anonymous.status).toBe(401);
    } finally {
      await other.stop();
    }
  });
});

describe('GET /api/users/currentuser', () => {
  test('When signed in, then 200 { currentUser: { id, email } }', async () => {
    const { cookie, user } = await signUpUser(auth.url);

    const res = await api(auth.url, 'GET', '/api/users/currentuser', { cookie });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: { id: user.id, email: user.email } });
  });

  test('When there is no cookie, then 200 { currentUser: null }', async () => {
    const res = await api(auth.url, 'GET', '/api/users/currentuser');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: null });
  });

  test('When the token has expired, then 200 { currentUser: null }', async () => {
    const { user } = await signUpUser(auth.url);
    const expired = jwt.sign({ id: user.id, email: user.email }, TEST_JWT_KEY, { algorithm: 'HS256', expiresIn: -1 });

    const res = await api(auth.url, 'GET', '/api/users/currentuser', { cookie: cookieWith(expired) });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: null });
  });

  test('When the token payload was changed after signing, then 200 { currentUser: null }', async () => {
    const { cookie } = await signUpUser(auth.url);
    const [header, , signature] = tokenOf(cookie).split('.');
    const forged = Buffer.from(JSON.stringify({ id: 'ffffffffffffffffffffffff', email: 'admin@test.dev' })).toString(
      'base64url',
    );

    const res = await api(auth.url, 'GET', '/api/users/currentuser', {
      cookie: cookieWith(`${header}.${forged}.${signature}`),
    });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: null });
  });

  test.each([
    [
      'signed with another key',
      () => jwt.sign({ id: 'a'.repeat(24), email: 'a@test.dev' }, 'another-key-0123456789abcdefghijklmnop'),
    ],
    ['unsigned (alg none)', () => jwt.sign({ id: 'a'.repeat(24), email: 'a@test.dev' }, '', { algorithm: 'none' })],
    ['not a JWT', () => 'garbage'],
  ])('When the token is %s, then 200 { currentUser: null }', async (_name, token) => {
    const res = await api(auth.url, 'GET', '/api/users/currentuser', { cookie: cookieWith(token()) });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: null });
  });

  test('When the cookie is not a session at all, then 200 { currentUser: null }', async () => {
    const res = await api(auth.url, 'GET', '/api/users/currentuser', { cookie: 'session=%%%not-base64-json' });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: null });
  });
});

describe('POST /api/users/signout', () => {
  test('When signed in, then 200 {} clears the cookie, and the cleared session is signed out', async () => {
    const { cookie } = await signUpUser(auth.url);

    const res = await api(auth.url, 'POST', '/api/users/signout', { cookie, json: {} });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    const cleared = res.cookies.find((c) => c.name === 'session');
    expect(cleared?.value).toBe('');
    expect(new Date(String(cleared?.attributes.expires)).getTime()).toBeLessThan(Date.now());
    expect(cleared?.attributes).toMatchObject({ httponly: true, samesite: 'lax', secure: true });
    const me = await api(auth.url, 'GET', '/api/users/currentuser', { cookie: 'session=' });
    expect(me.body).toEqual({ currentUser: null });
  });

  test('When a user signs out, then a copy of the cookie is signed out on auth and refused (401) by another service', async () => {
    const { cookie, user } = await signUpUser(auth.url);
    const other = await startOtherService();
    try {
      const before = await api(other.url, 'GET', '/api/whoami', { cookie });

      const signOut = await api(auth.url, 'POST', '/api/users/signout', { cookie, json: {} });

      // The copy is the cookie as it was before sign-out, replayed unchanged.
      const me = await api(auth.url, 'GET', '/api/users/currentuser', { cookie });
      const after = await api(other.url, 'GET', '/api/whoami', { cookie });
      expect(before.body).toEqual(user);
      expect(signOut.status).toBe(200);
      expect(me.body).toEqual({ currentUser: null });
      expect(after.status).toBe(401);
    } finally {
      await other.stop();
    }
  });

  test("When one session signs out, then the same user's other session still works", async () => {
    const { email, password, cookie: first } = await signUpUser(auth.url);
    const second = (await api(auth.url, 'POST', '/api/users/signin', { json: { email, password } })).sessionCookie;

    await api(auth.url, 'POST', '/api/users/signout', { cookie: first, json: {} });

    const me = await api(auth.url, 'GET', '/api/users/currentuser', { cookie: second });
    expect(me.body).toEqual({ currentUser: { id: expect.any(String), email } });
  });

  test('When sign-out is asked with GET (a link or an image on another site), then 404 and the session still works', async () => {
    const { cookie, user } = await signUpUser(auth.url);

    const res = await api(auth.url, 'GET', '/api/users/signout', { cookie });

    expect(res.status).toBe(404);
    expect(res.cookies).toEqual([]);
    const me = await api(auth.url, 'GET', '/api/users/currentuser', { cookie });
    expect(me.body).toEqual({ currentUser: user });
  });

  test('When a token has no id (jti), then it is refused: it could never be revoked', async () => {
    const { user } = await signUpUser(auth.url);
    const withoutId = jwt.sign({ id: user.id, email: user.email }, TEST_JWT_KEY, { algorithm: 'HS256', expiresIn: 60 });

    const res = await api(auth.url, 'GET', '/api/users/currentuser', { cookie: cookieWith(withoutId) });

    expect(res.body).toEqual({ currentUser: null });
  });

  test('When nobody is signed in, then 200 {}', async () => {
    const res = await api(auth.url, 'POST', '/api/users/signout');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
  });
});
