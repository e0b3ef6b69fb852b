import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createLogger, createServiceApp, requireAuth } from '@ticketing/common';
import { TEST_JWT_KEY } from '@ticketing/common/testing';
import { Router } from 'express';
import jwt from 'jsonwebtoken';
import { api, signUpUser, startAuth, type TestAuth } from './support';

let auth: TestAuth;

beforeAll(async () => {
  auth = await startAuth();
});

afterAll(async () => {
  await auth?.stop();
});

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

    expect(claims).toMatchObject({ id: user.id, email: user.email });
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
  });

  test("When another service receives auth's cookie, then its requireAuth route sees the same user", async () => {
    const { cookie, user } = await signUpUser(auth.url);
    const other = createServiceApp({
      log: createLogger('other', 'silent'),
      isReady: () => true,
      jwtKey: TEST_JWT_KEY,
      routers: [Router().get('/api/whoami', requireAuth, (req, res) => void res.json(req.currentUser))],
    });
    const server = await new Promise<Server>((resolve) => {
      const s = other.listen(0, () => resolve(s));
    });
    const otherUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    try {
      const signedIn = await api(otherUrl, 'GET', '/api/whoami', { cookie });
      const anonymous = await api(otherUrl, 'GET', '/api/whoami');

      expect(signedIn.status).toBe(200);
      expect(signedIn.body).toEqual(user);
      expect(anonymous.status).toBe(401);
    } finally {
      await new Promise((resolve) => server.close(resolve));
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

  test('When nobody is signed in, then 200 {}', async () => {
    const res = await api(auth.url, 'POST', '/api/users/signout');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
  });
});
