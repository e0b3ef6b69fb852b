import { eventually } from '@ticketing/common/testing';
import { api, signUpUser, uniqueEmail, uniqueIp, startAuth, type ApiResponse, type TestAuth } from './support';

// A 2-second window, so a test can watch it pass; the limit is the default 10.
const WINDOW_SECONDS = 2;
let auth: TestAuth;

beforeAll(async () => {
  auth = await startAuth({ SIGNIN_WINDOW_SECONDS: String(WINDOW_SECONDS) });
});

afterAll(async () => {
  await auth?.stop();
});

function signIn(email: string, password: string, ip = uniqueIp()): Promise<ApiResponse> {
  return api(auth.url, 'POST', '/api/users/signin', { json: { email, password }, ip });
}

function expectThrottled(res: ApiResponse): void {
  expect(res.status).toBe(429);
  expect(res.body).toEqual({ errors: [{ message: 'Too many failed sign-in attempts; try again later' }] });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
  expect(res.sessionCookie).toBeUndefined();
}

describe('POST /api/users/signin throttling', () => {
  test('When an email has 10 failed sign-ins, then the 11th attempt gets 429 with Retry-After, the right password too, until the window passes', async () => {
    const { email, password, user } = await signUpUser(auth.url);
    // In parallel, so that all ten land well inside the 2-second window even on a busy machine.
    const failures = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn(email, `wrong-${i}`)));

    const eleventh = await signIn(email, 'wrong-11');
    const correct = await signIn(email, password);

    expect(failures.map((r) => r.status)).toEqual(Array(10).fill(400));
    expectThrottled(eleventh);
    expectThrottled(correct);
    const after = await eventually(
      async () => {
        const res = await signIn(email, password);
        return res.status === 200 ? res : undefined;
      },
      'sign-in allowed again after the window',
      { timeoutMs: 10_000, intervalMs: 250 },
    );
    expect(after.body).toEqual(user);
  });

  test('When one address has 10 failed sign-ins for different emails, then its next attempt gets 429, while other addresses are not affected', async () => {
    const { email, password } = await signUpUser(auth.url);
    const ip = uniqueIp();
    await Promise.all(Array.from({ length: 10 }, () => signIn(uniqueEmail('guess'), 'wrong-password', ip)));

    const sameAddress = await signIn(email, password, ip);
    const otherAddress = await signIn(email, password, uniqueIp());

    expectThrottled(sameAddress);
    expect(otherAddress.status).toBe(200);
  });

  test('When 25 wrong passwords for one email arrive at once, then exactly 10 are checked (400) and 15 get 429', async () => {
    const { email } = await signUpUser(auth.url);

    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => signIn(email, `wrong-${i}`)));

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  test('When sign-ins succeed, then they do not count as failures', async () => {
    const { email, password } = await signUpUser(auth.url);
    const ip = uniqueIp();
    for (let i = 0; i < 12; i++) expect((await signIn(email, password, ip)).status).toBe(200);

    const failures = await Promise.all(Array.from({ length: 10 }, () => signIn(email, 'wrong-password', ip)));

    expect(failures.map((r) => r.status)).toEqual(Array(10).fill(400));
  });

  test('When the body is invalid, then the attempt is not counted', async () => {
    const { email, password } = await signUpUser(auth.url);
    const ip = uniqueIp();
    for (let i = 0; i < 12; i++)
      await api(auth.url, 'POST', '/api/users/signin', { json: { email, password: 12 }, ip });

    const res = await signIn(email, password, ip);

    expect(res.status).toBe(200);
  });
});
