import { eventually, startTestRedis, type TestEngine } from '@ticketing/testing';
import { api, signUpUser, startAuth, uniqueEmail, type TestAuth } from './support';

let auth: TestAuth;
let restarted: TestEngine | undefined;

beforeAll(async () => {
  auth = await startAuth();
});

afterAll(async () => {
  await auth?.stop();
  await restarted?.stop();
});

describe('Redis outage', () => {
  test('When Redis goes away, then /readyz is 503 and sign-in, sign-up and a session check answer 503 at once; when it is back, they work again', async () => {
    const { email, password, cookie } = await signUpUser(auth.url);
    const { port, dataDir } = auth.redis as TestEngine & { dataDir: string };

    await auth.redis.stop();

    await eventually(async () => (await api(auth.url, 'GET', '/readyz')).status === 503, 'readyz 503 without redis');
    const started = Date.now();
    const refused = await api(auth.url, 'POST', '/api/users/signin', { json: { email, password } });
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ errors: [{ message: 'Sign-in is temporarily unavailable' }] });
    expect(Date.now() - started).toBeLessThan(2_000);
    // Without the counters there is no limit, and without the deny-list a revoked cookie could pass: fail closed.
    const signUp = await api(auth.url, 'POST', '/api/users/signup', { json: { email: uniqueEmail(), password } });
    expect(signUp.status).toBe(503);
    expect(signUp.body).toEqual({ errors: [{ message: 'Sign-up is temporarily unavailable' }] });
    expect((await api(auth.url, 'GET', '/api/users/currentuser', { cookie })).status).toBe(503);
    expect((await api(auth.url, 'GET', '/api/users/currentuser')).body).toEqual({ currentUser: null });

    restarted = await startTestRedis({ port, dataDir });

    await eventually(async () => (await api(auth.url, 'GET', '/readyz')).status === 200, 'readyz 200 with redis back', {
      timeoutMs: 15_000,
    });
    const res = await api(auth.url, 'POST', '/api/users/signin', { json: { email, password } });
    expect(res.status).toBe(200);
    expect((await api(auth.url, 'GET', '/api/users/currentuser', { cookie })).status).toBe(200);
  });
});
