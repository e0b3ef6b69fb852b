import { rememberVerified, type VerifiedToken } from '../src/http/verified-tokens';

const now = Date.UTC(2026, 0, 1) / 1000;

/** A verifier that accepts tokens starting with "ok", valid for 60 s, and counts its calls. */
function countingVerifier() {
  let calls = 0;
  return {
    calls: () => calls,
    verify: (token: string): VerifiedToken<string> | null => {
      calls += 1;
      return token.startsWith('ok') ? { user: `user of ${token}`, exp: now + 60 } : null;
    },
  };
}

describe('rememberVerified', () => {
  beforeEach(() => jest.useFakeTimers({ now: now * 1000 }));
  afterEach(() => jest.useRealTimers());

  test('When a token is used again before it expires, then it is not verified again', () => {
    const { calls, verify } = countingVerifier();
    const check = rememberVerified(verify);

    expect([check('ok-1'), check('ok-1'), check('ok-1')]).toEqual(Array(3).fill('user of ok-1'));
    expect(calls()).toBe(1);
  });

  test('When a remembered token reaches its expiry, then it is verified again (and refused by the verifier)', () => {
    let expired = false;
    const check = rememberVerified((token) => (expired ? null : { user: token, exp: now + 60 }));

    expect(check('ok-1')).toBe('ok-1');
    jest.setSystemTime((now + 60) * 1000);
    expired = true;

    expect(check('ok-1')).toBeNull();
  });

  test('When a token is refused, then it is not remembered: each use is verified', () => {
    const { calls, verify } = countingVerifier();
    const check = rememberVerified(verify);

    expect([check('forged'), check('forged')]).toEqual([null, null]);
    expect(calls()).toBe(2);
  });

  test('When more tokens than the bound are used, then the oldest is forgotten first', () => {
    const { calls, verify } = countingVerifier();
    const check = rememberVerified(verify, 2);

    check('ok-1');
    check('ok-2');
    check('ok-3');
    check('ok-3');
    check('ok-1');

    expect(calls()).toBe(4);
  });
});
