import { Router } from 'express';
import request from 'supertest';
import {
  createServiceApp,
  requireAdmin,
  requireAuth,
  SESSION_COOKIE,
  sessionRevocations,
  signSessionToken,
  verifySessionToken,
  type UserPayload,
} from '../src/http';
import { createLogger } from '../src/service';
import { newObjectId } from '../src/http/ids';
import { connectTestRedis, eventually, sessionCookie, TEST_JWT_KEY } from '@ticketing/testing';

const user = { id: '6650c0ffee0000000000abcd', email: 'buyer@test.dev' };

const redis = connectTestRedis();
afterAll(() => redis.quit());

function app() {
  const router = Router()
    .post('/signin', (req, res) => {
      req.session = { jwt: signSessionToken(user, TEST_JWT_KEY) };
      res.json({});
    })
    .post('/signout', (req, res) => {
      req.session = null;
      res.json({});
    })
    .get('/me', (req, res) => {
      res.json({ currentUser: req.currentUser ?? null });
    })
    .get('/private', requireAuth, (req, res) => {
      res.json({ currentUser: req.currentUser });
    })
    .post('/admin-only', requireAdmin, (_req, res) => {
      res.json({ done: true });
    });
  return createServiceApp({
    log: createLogger('test', 'silent'),
    routers: [router],
    isReady: () => true,
    trustedProxyHops: 1,
    jwtKey: TEST_JWT_KEY,
    revocations: sessionRevocations(redis),
    cookieSecure: false,
  });
}

describe('createServiceApp: the cookie session', () => {
  test('When a route sets req.session, then the cookie it sets is read back as the signed-in user', async () => {
    const signin = await request(app()).post('/signin');
    const setCookie = String(signin.headers['set-cookie']);
    const cookie = setCookie.split(';')[0] ?? '';

    const me = await request(app()).get('/me').set('cookie', `other=1; ${cookie}; theme=dark`);

    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(setCookie).toMatch(/httponly/i);
    expect(setCookie).toMatch(/samesite=lax/i);
    expect(me.body).toEqual({ currentUser: user });
  });

  test('When a route sets req.session to null, then the cookie is cleared', async () => {
    const { cookie } = sessionCookie(TEST_JWT_KEY);

    const signout = await request(app()).post('/signout').set('cookie', cookie);

    expect(String(signout.headers['set-cookie'])).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*expires=Thu, 01 Jan 1970`));
  });

  test('When a request does not touch the session, then no cookie is set, signed in or not', async () => {
    const { cookie } = sessionCookie(TEST_JWT_KEY);

    const signedIn = await request(app()).get('/me').set('cookie', cookie);
    const signedOut = await request(app()).get('/me');

    expect(signedIn.body.currentUser).not.toBeNull();
    expect(signedIn.headers['set-cookie']).toBeUndefined();
    expect(signedOut.headers['set-cookie']).toBeUndefined();
  });

  test.each([
    ['not base64 JSON', `${SESSION_COOKIE}=%%%not-json`],
    ['JSON without a jwt', `${SESSION_COOKIE}=${Buffer.from('{"x":1}').toString('base64')}`],
    ['JSON that is not an object', `${SESSION_COOKIE}=${Buffer.from('"jwt"').toString('base64')}`],
    ['a cookie whose name only ends in session', `mysession=${sessionCookie(TEST_JWT_KEY).cookie.split('=')[1]}`],
    [
      'an expired token',
      `${SESSION_COOKIE}=${Buffer.from(JSON.stringify({ jwt: signSessionToken(user, TEST_JWT_KEY, -10) })).toString('base64')}`,
    ],
  ])('When the session cookie is %s, then the caller is signed out, not an error', async (_what, cookie) => {
    const me = await request(app()).get('/me').set('cookie', cookie);

    expect(me.status).toBe(200);
    expect(me.body).toEqual({ currentUser: null });
  });

  test('When a token is verified with another key, then it is refused; with its own key, accepted', () => {
    const token = signSessionToken(user, TEST_JWT_KEY);

    expect(verifySessionToken(token, 'another-key-that-is-long-enough-0123456789')).toBeNull();
    expect(verifySessionToken(token, TEST_JWT_KEY)).toEqual(user);
  });
});

/** A session cookie holding a token signed now for `user`, as auth's sign-in makes it. */
function cookieOf(user: UserPayload): string {
  return `${SESSION_COOKIE}=${Buffer.from(JSON.stringify({ jwt: signSessionToken(user, TEST_JWT_KEY) })).toString('base64')}`;
}

describe('per-user revocation (DESIGN §12 "Roles": a role change ends all of the user\'s sessions)', () => {
  test('When revokeUser has run, then every older token of that user is refused on the very next request', async () => {
    const ana = { id: newObjectId(), email: 'ana@test.dev' };
    const [phone, laptop] = [cookieOf(ana), cookieOf(ana)];
    const before = await request(app()).get('/private').set('cookie', phone);

    await sessionRevocations(redis).revokeUser(ana.id);

    expect(before.status).toBe(200);
    for (const cookie of [phone, laptop]) {
      const after = await request(app()).get('/private').set('cookie', cookie);
      expect(after.status).toBe(401);
      expect((await request(app()).get('/me').set('cookie', cookie)).body).toEqual({ currentUser: null });
    }
  });

  test('When revokeUser has run, then a token signed after it works, and another user is not affected', async () => {
    const ana = { id: newObjectId(), email: 'ana@test.dev' };
    const { cookie: bob } = sessionCookie(TEST_JWT_KEY);

    await sessionRevocations(redis).revokeUser(ana.id);
    // A revocation is to the millisecond and refuses a token of its own millisecond (it may predate it): the new
    // sign-in comes a millisecond later at least, as any real one does after a command has answered.
    const revokedBy = Date.now();
    await eventually(() => Date.now() > revokedBy, 'the next millisecond', { intervalMs: 1 });
    const fresh = cookieOf({ ...ana, roles: ['admin'] });

    const res = await request(app()).get('/private').set('cookie', fresh);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: { ...ana, roles: ['admin'] } });
    expect((await request(app()).get('/private').set('cookie', bob)).status).toBe(200);
  });
});

describe('requireAdmin', () => {
  test('When nobody is signed in, then 401', async () => {
    const res = await request(app()).post('/admin-only');

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String) }] });
  });

  test('When a user without roles is signed in, then 403 in the error shape', async () => {
    const { cookie } = sessionCookie(TEST_JWT_KEY);

    const res = await request(app()).post('/admin-only').set('cookie', cookie);

    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: [{ message: 'Only an admin can do this' }] });
  });

  test('When an admin is signed in, then the route runs', async () => {
    const { cookie } = sessionCookie(TEST_JWT_KEY, { roles: ['admin'] });

    const res = await request(app()).post('/admin-only').set('cookie', cookie);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ done: true });
  });

  test("When an admin's sessions were ended (revoked), then their old admin token gets 401, not the route", async () => {
    const { cookie, user } = sessionCookie(TEST_JWT_KEY, { roles: ['admin'] });

    await sessionRevocations(redis).revokeUser(user.id);
    const res = await request(app()).post('/admin-only').set('cookie', cookie);

    expect(res.status).toBe(401);
  });

  test('When a token carries a role this build does not know, then it is dropped: 403, not an admin', async () => {
    const { cookie } = sessionCookie(TEST_JWT_KEY, { roles: ['superuser' as 'admin'] });

    const res = await request(app()).post('/admin-only').set('cookie', cookie);
    const me = await request(app()).get('/me').set('cookie', cookie);

    expect(res.status).toBe(403);
    expect(me.body.currentUser.roles).toBeUndefined();
  });
});
