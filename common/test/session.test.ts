import { Router } from 'express';
import request from 'supertest';
import {
  createServiceApp,
  SESSION_COOKIE,
  sessionRevocations,
  signSessionToken,
  verifySessionToken,
} from '../src/http';
import { createLogger } from '../src/service';
import { connectTestRedis, sessionCookie, TEST_JWT_KEY } from '@ticketing/testing';

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
