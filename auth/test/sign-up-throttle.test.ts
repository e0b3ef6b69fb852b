import { api, startAuth, uniqueEmail, uniqueIp, uniqueIpv6Prefix, type TestAuth } from './support';

let auth: TestAuth;

beforeAll(async () => {
  // Sign-ups are counted, not hashed: the earlier scrypt cost (config.ts) keeps each one cheap.
  auth = await startAuth({ SIGNUP_MAX_PER_ADDRESS: '3', SIGNUP_WINDOW_SECONDS: '60', PASSWORD_HASH_COST: '14' });
});

afterAll(async () => {
  await auth?.stop();
});

function signUp(ip: string, email = uniqueEmail()) {
  return api(auth.url, 'POST', '/api/users/signup', { json: { email, password: 'long-enough-password' }, ip });
}

describe('POST /api/users/signup throttling', () => {
  test('When one address signs up 3 times, then its 4th sign-up gets 429 with Retry-After, and another address still signs up', async () => {
    const ip = uniqueIp();
    const first = [];
    for (let i = 0; i < 3; i++) first.push((await signUp(ip)).status);

    const fourth = await signUp(ip);
    const elsewhere = await signUp(uniqueIp());

    expect(first).toEqual([201, 201, 201]);
    expect(fourth.status).toBe(429);
    expect(fourth.body).toEqual({ errors: [{ message: 'Too many sign-ups from this address; try again later' }] });
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
    expect(fourth.sessionCookie).toBeUndefined();
    expect(elsewhere.status).toBe(201);
  });

  test('When 10 sign-ups arrive at once from one address, then exactly 3 are created (each costs a scrypt)', async () => {
    const ip = uniqueIp();

    const results = await Promise.all(Array.from({ length: 10 }, () => signUp(ip)));

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  test('When sign-ups come from different addresses of one IPv6 /64, then the 4th gets 429', async () => {
    const prefix = uniqueIpv6Prefix();
    const first = [];
    for (let i = 1; i <= 3; i++) first.push((await signUp(`${prefix}${i}:${i}:${i}:${i}`)).status);

    const fourth = await signUp(`${prefix}abcd::4`);

    expect(first).toEqual([201, 201, 201]);
    expect(fourth.status).toBe(429);
  });

  test('When a sign-up body is invalid, then it is not counted', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 5; i++) {
      await api(auth.url, 'POST', '/api/users/signup', { json: { email: 'not-an-email', password: 'x' }, ip });
    }

    expect((await signUp(ip)).status).toBe(201);
  });
});
