import { newObjectId, signSessionToken, SESSION_COOKIE, type UserPayload } from '@ticketing/common';

/**
 * A `Cookie` header value for a signed-in user, made exactly as auth makes it (a JWT in the cookie-session), so a
 * service under test sees a real session. Without `user`, a fresh user with a unique email; `roles: ['admin']` for an
 * admin's session.
 */
export function sessionCookie(jwtKey: string, user?: Partial<UserPayload>): { cookie: string; user: UserPayload } {
  const id = user?.id ?? newObjectId();
  const full: UserPayload = {
    id,
    email: user?.email ?? `user-${id}@test.dev`,
    ...(user?.roles ? { roles: user.roles } : {}),
  };
  const value = Buffer.from(JSON.stringify({ jwt: signSessionToken(full, jwtKey) })).toString('base64');
  return { cookie: `${SESSION_COOKIE}=${value}`, user: full };
}

/** The JWT key used by every test (at least 32 characters, as config requires); never used outside tests. */
export const TEST_JWT_KEY = 'test-jwt-key-0123456789abcdefghijklmnopqrstuvwxyz';
