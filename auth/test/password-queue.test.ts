// Auth's scrypt queue is bounded (PASSWORD_HASH_MAX_WAITING): past it, sign-up and sign-in answer 503 with
// Retry-After at once, instead of every request waiting behind thousands of hashes.
import { api, expectErrorBody, startAuth, uniqueEmail, type TestAuth } from './support';

let auth: TestAuth;
beforeAll(async () => {
  // Two hashes run at once (MAX_CONCURRENT) and one may wait: a burst of 12 finds the queue full.
  auth = await startAuth({ PASSWORD_HASH_MAX_WAITING: '1' });
});
afterAll(async () => {
  await auth?.stop();
});

/** The request and how long its answer took. */
async function timed<T>(request: () => Promise<T>): Promise<{ res: T; ms: number }> {
  const started = performance.now();
  const res = await request();
  return { res, ms: performance.now() - started };
}

describe('the scrypt queue', () => {
  test('When more sign-ups arrive at once than the queue holds, then the overflow gets 503 with Retry-After at once', async () => {
    const burst = Array.from({ length: 12 }, () =>
      timed(() =>
        api(auth.url, 'POST', '/api/users/signup', {
          json: { email: uniqueEmail(), password: 'long-enough-password' },
        }),
      ),
    );

    const answers = await Promise.all(burst);

    const created = answers.filter((a) => a.res.status === 201);
    const refused = answers.filter((a) => a.res.status === 503);
    expect(created.length).toBeGreaterThanOrEqual(3);
    expect(created.length + refused.length).toBe(12);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const { res } of refused) {
      expectErrorBody(res.body);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.sessionCookie).toBeUndefined();
    }
    // Refused without waiting for a hash: faster than the slowest hash that ran.
    expect(Math.max(...refused.map((a) => a.ms))).toBeLessThan(Math.max(...created.map((a) => a.ms)));
  });
});
