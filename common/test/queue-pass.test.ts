import { passAdmits, signQueuePass, signSessionToken, verifyQueuePass, verifySessionToken } from '../src/http';

const PASS_KEY = 'queue-pass-key-for-tests-0123456789abcdef';
const SESSION_KEY = 'session-key-for-tests-0123456789abcdefgh';
const user = { id: '6650c0ffee0000000000abcd', email: 'buyer@test.dev' };
const eventId = '6650c0ffee0000000000beef';
const inTenMinutes = () => new Date(Date.now() + 10 * 60_000);

describe('the waiting room pass (DESIGN §13)', () => {
  it('carries its event, user, expiry and id', () => {
    const expiresAt = inTenMinutes();
    const pass = verifyQueuePass(signQueuePass({ eventId, userId: user.id, expiresAt, id: 'p-1' }, PASS_KEY), PASS_KEY);
    expect(pass).toEqual({
      id: 'p-1',
      eventId,
      userId: user.id,
      expiresAt: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000),
    });
  });

  it('gives every pass a fresh id unless one is given', () => {
    const a = verifyQueuePass(
      signQueuePass({ eventId, userId: user.id, expiresAt: inTenMinutes() }, PASS_KEY),
      PASS_KEY,
    );
    const b = verifyQueuePass(
      signQueuePass({ eventId, userId: user.id, expiresAt: inTenMinutes() }, PASS_KEY),
      PASS_KEY,
    );
    expect(a?.id).toBeTruthy();
    expect(a?.id).not.toBe(b?.id);
  });

  it('is refused once expired', () => {
    const token = signQueuePass({ eventId, userId: user.id, expiresAt: new Date(Date.now() + 60_000) }, PASS_KEY);
    expect(verifyQueuePass(token, PASS_KEY, new Date(Date.now() + 61_000))).toBeNull();
  });

  it('is refused with another key, altered, or not a string', () => {
    const token = signQueuePass({ eventId, userId: user.id, expiresAt: inTenMinutes() }, PASS_KEY);
    expect(verifyQueuePass(token, SESSION_KEY)).toBeNull();
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ aud: 'queue-pass', sub: 'someone-else', jti: 'x', eventId, exp: 9e9 }),
    ).toString('base64url');
    expect(verifyQueuePass(`${header}.${forged}.${signature}`, PASS_KEY)).toBeNull();
    expect(verifyQueuePass(undefined, PASS_KEY)).toBeNull();
    expect(verifyQueuePass('', PASS_KEY)).toBeNull();
    expect(verifyQueuePass('a.b.c', PASS_KEY)).toBeNull();
  });

  it('is never a session token, and a session token is never a pass, even signed with the same key', () => {
    // Deployments use two keys; even a misconfiguration that shares one keeps the two apart by their claims.
    const session = signSessionToken(user, PASS_KEY);
    expect(verifyQueuePass(session, PASS_KEY)).toBeNull();
    const pass = signQueuePass({ eventId, userId: user.id, expiresAt: inTenMinutes() }, SESSION_KEY);
    expect(verifySessionToken(pass, SESSION_KEY)).toBeNull();
  });

  it('admits only its own user for its own event', () => {
    const pass = verifyQueuePass(
      signQueuePass({ eventId, userId: user.id, expiresAt: inTenMinutes() }, PASS_KEY),
      PASS_KEY,
    );
    expect(passAdmits(pass, user.id, eventId)).toBe(true);
    expect(passAdmits(pass, '6650c0ffee0000000000ffff', eventId)).toBe(false);
    expect(passAdmits(pass, user.id, '6650c0ffee0000000000ffff')).toBe(false);
    expect(passAdmits(null, user.id, eventId)).toBe(false);
  });
});
