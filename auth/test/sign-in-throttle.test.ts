import { eventually } from '@ticketing/testing';
import { api, signUpUser, uniqueEmail, uniqueIp, startAuth, type ApiResponse, type TestAuth } from './support';

// Small limits so that each rule shows within seconds: 3 free failures per (email, address), lockouts capped at 4 s,
// 8 failures per address, and attempts on an email slowed after 4 failures from anywhere.
const LIMITS = {
  SIGNIN_FREE_FAILURES: '3',
  SIGNIN_MAX_LOCKOUT_SECONDS: '4',
  SIGNIN_MAX_FAILURES_PER_ADDRESS: '8',
  SIGNIN_EMAIL_SLOWDOWN_AFTER: '4',
  SIGNIN_WINDOW_SECONDS: '60',
  // Attempts are counted, not hashed: the earlier scrypt cost (config.ts) keeps each one cheap.
  PASSWORD_HASH_COST: '14',
};
let auth: TestAuth;

beforeAll(async () => {
  auth = await startAuth(LIMITS);
});

afterAll(async () => {
  await auth?.stop();
});

function signIn(email: string, password: string, ip = uniqueIp()): Promise<ApiResponse> {
  return api(auth.url, 'POST', '/api/users/signin', { json: { email, password }, ip });
}

/** Asserts a 429 in the error shape, without a cookie, and returns its Retry-After in seconds. */
function throttledFor(res: ApiResponse): number {
  expect(res.status).toBe(429);
  expect(res.body).toEqual({ errors: [{ message: 'Too many failed sign-in attempts; try again later' }] });
  expect(res.sessionCookie).toBeUndefined();
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  return retryAfter;
}

/** Waits until the (email, address) pair may try again, polling with a wrong password that must not be checked. */
async function waitOutLockout(seconds: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 50));
}

describe('POST /api/users/signin throttling', () => {
  test('When one address sends 3 wrong passwords for an email, then it is locked out (429, Retry-After) while the owner signs in from another address', async () => {
    const { email, password, user } = await signUpUser(auth.url);
    const attacker = uniqueIp();
    const failures = [];
    for (let i = 0; i < 3; i++) failures.push(await signIn(email, `wrong-${i}`, attacker));

    const fourth = await signIn(email, 'wrong-3', attacker);
    const owner = await signIn(email, password, uniqueIp());

    expect(failures.map((r) => r.status)).toEqual([400, 400, 400]);
    expect(throttledFor(fourth)).toBe(1);
    expect(owner.status).toBe(200);
    expect(owner.body).toEqual(user);
  });

  test('When a locked-out pair keeps failing, then each lockout is longer: 1 s, 2 s, 4 s, and no longer than the cap', async () => {
    const { email } = await signUpUser(auth.url);
    const attacker = uniqueIp();
    for (let i = 0; i < 3; i++) await signIn(email, `wrong-${i}`, attacker);

    const lockouts: number[] = [];
    for (let round = 0; round < 4; round++) {
      const seconds = throttledFor(await signIn(email, 'probe', attacker));
      lockouts.push(seconds);
      await waitOutLockout(seconds);
      // The lockout is over: exactly one more guess is checked, and fails, and locks the pair again.
      expect((await signIn(email, `wrong-again-${round}`, attacker)).status).toBe(400);
    }

    expect(lockouts).toEqual([1, 2, 4, 4]);
  });

  test('When an email gets wrong passwords from many addresses, then its owner is slowed down, not refused', async () => {
    const { email, password, user } = await signUpUser(auth.url);
    // 9 failures, each from its own address (a distributed guesser): none is locked out, but the email is slowed.
    for (let i = 0; i < 9; i++) expect((await signIn(email, `wrong-${i}`)).status).toBe(400);

    const started = Date.now();
    const owner = await signIn(email, password);
    const elapsed = Date.now() - started;

    // Failure 9 with slow-down after 4: 100 ms · 2^4 = 1.6 s held before the check (a sleep, so a lower bound).
    expect(owner.status).toBe(200);
    expect(owner.body).toEqual(user);
    expect(elapsed).toBeGreaterThanOrEqual(1_600);
  });

  test('When one address has 8 failed sign-ins for different emails, then its next attempt gets 429, while other addresses are not affected', async () => {
    const { email, password } = await signUpUser(auth.url);
    const ip = uniqueIp();
    await Promise.all(Array.from({ length: 8 }, () => signIn(uniqueEmail('guess'), 'wrong-password', ip)));

    const sameAddress = await signIn(email, password, ip);
    const otherAddress = await signIn(email, password, uniqueIp());

    throttledFor(sameAddress);
    expect(otherAddress.status).toBe(200);
  });

  test('When 25 wrong passwords for one email arrive at once from one address, then exactly 3 are checked (400) and 22 get 429', async () => {
    const { email } = await signUpUser(auth.url);
    const ip = uniqueIp();

    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => signIn(email, `wrong-${i}`, ip)));

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(22);
  });

  test('When sign-ins succeed, then they do not count as failures', async () => {
    const { email, password } = await signUpUser(auth.url);
    const ip = uniqueIp();
    for (let i = 0; i < 10; i++) expect((await signIn(email, password, ip)).status).toBe(200);

    const failures = await Promise.all(Array.from({ length: 3 }, () => signIn(email, 'wrong-password', ip)));

    expect(failures.map((r) => r.status)).toEqual([400, 400, 400]);
  });

  test('When the owner signs in between failures, then the pair starts again from zero', async () => {
    const { email, password } = await signUpUser(auth.url);
    const ip = uniqueIp();
    for (let i = 0; i < 2; i++) await signIn(email, `wrong-${i}`, ip);

    expect((await signIn(email, password, ip)).status).toBe(200);
    const afterwards = [];
    for (let i = 0; i < 3; i++) afterwards.push((await signIn(email, `wrong-${i}`, ip)).status);

    expect(afterwards).toEqual([400, 400, 400]);
  });

  test('When the body is invalid, then the attempt is not counted', async () => {
    const { email, password } = await signUpUser(auth.url);
    const ip = uniqueIp();
    for (let i = 0; i < 12; i++)
      await api(auth.url, 'POST', '/api/users/signin', { json: { email, password: 12 }, ip });

    const res = await signIn(email, password, ip);

    expect(res.status).toBe(200);
  });

  test('When a lockout has passed, then the right password from the locked-out address works again', async () => {
    const { email, password, user } = await signUpUser(auth.url);
    const ip = uniqueIp();
    for (let i = 0; i < 3; i++) await signIn(email, `wrong-${i}`, ip);
    throttledFor(await signIn(email, password, ip));

    const after = await eventually(
      async () => {
        const res = await signIn(email, password, ip);
        return res.status === 200 ? res : undefined;
      },
      'sign-in allowed again after the lockout',
      { timeoutMs: 10_000, intervalMs: 250 },
    );

    expect(after.body).toEqual(user);
  });
});
