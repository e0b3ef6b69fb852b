import { randomUUID } from 'node:crypto';
import cookieSession from 'cookie-session';
import type express from 'express';
import type { Request, RequestHandler } from 'express';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { hmacKey } from './hmac-key';
import { ForbiddenError, NotAuthorizedError, ServiceUnavailableError } from '../errors/http-errors';
import { SESSION_LIFETIME_SECONDS, type SessionRevocations, type SessionToken } from './session-revocations';
import { rememberVerified, type VerifiedToken } from './verified-tokens';

/** The roles an operator can grant (DESIGN §12 "Roles"); nobody gains one by signing up. */
export const ROLES = ['admin'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in user, as every service sees it. `roles` is absent for the (many) users who have none. */
export interface UserPayload {
  id: string;
  email: string;
  roles?: Role[];
}

const UserPayloadSchema = z.object({
  id: z.string().min(1),
  email: z.string().min(1),
  // A role this build does not know is dropped, not a rejected session: a newer auth may grant more.
  roles: z
    .array(z.string())
    .optional()
    .transform((roles) => roles?.filter((r): r is Role => (ROLES as readonly string[]).includes(r))),
});

/** The name of the session cookie; the JWT is its only content. */
export const SESSION_COOKIE = 'session';

/**
 * The cookie session (DESIGN §8): HttpOnly, SameSite=Lax, Secure unless `secure` is false (local plain-HTTP runs).
 * The cookie is not signed by cookie-session because the JWT inside is.
 *
 * `req.session` is cookie-session's, but set up the first time a route touches it (sign-up, sign-in and sign-out
 * do), through an accessor on the app's request prototype: every other request skips cookie-session's per-request
 * work (a Cookies object, a writeHead hook, and re-serializing the session on every response to see whether it
 * changed). Reading the signed-in user does not need it: {@link currentUser} reads the cookie itself.
 */
export function installSession(app: express.Express, options: { secure: boolean }): void {
  const middleware = cookieSession({
    name: SESSION_COOKIE,
    signed: false,
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
  });
  // cookie-session defines `session` on the request itself, which then hides this accessor for that request.
  const attach = (req: Request): void => {
    if (!req.res) throw new Error('req.session used outside of a request');
    middleware(req, req.res, () => undefined);
  };
  Object.defineProperty(app.request, 'session', {
    configurable: true,
    get(this: Request): unknown {
      attach(this);
      return this.session;
    },
    set(this: Request, value: CookieSessionInterfaces.CookieSessionObject | null) {
      attach(this);
      this.session = value;
    },
  });
}

// cookie-session stores the session as base64(JSON) in a cookie of this name (its `decode`); matched as the
// `cookies` package that it uses matches a cookie, so both read the same value.
const SESSION_COOKIE_VALUE = new RegExp(`(?:^|;) *${SESSION_COOKIE}=([^;]*)`);

/** The JWT in the request's session cookie, or undefined when there is none or it is not a session. */
function sessionJwt(req: Request): unknown {
  const header = req.headers.cookie;
  const match = header === undefined ? null : SESSION_COOKIE_VALUE.exec(header);
  if (!match?.[1]) return undefined;
  const value = match[1].startsWith('"') ? match[1].slice(1, -1) : match[1];
  try {
    const session: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    return typeof session === 'object' && session !== null ? (session as { jwt?: unknown }).jwt : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Signs the session token (HS256 with `JWT_KEY`), valid for `expiresInSeconds` (default 1 day), with a fresh token id
 * (`jti`): what sign-out revokes ({@link SessionRevocations}), so that one session ends without ending the others.
 */
export function signSessionToken(
  user: UserPayload,
  jwtKey: string,
  expiresInSeconds = SESSION_LIFETIME_SECONDS,
): string {
  const roles = user.roles?.length ? { roles: user.roles } : {};
  // `iatMs`: a per-user revocation is to the millisecond (SessionToken), JWT's own `iat` only to the second.
  return jwt.sign({ id: user.id, email: user.email, ...roles, iatMs: Date.now() }, hmacKey(jwtKey), {
    algorithm: 'HS256',
    expiresIn: expiresInSeconds,
    jwtid: randomUUID(),
  });
}

/** A verified session: its user and its token's identity. */
interface Session {
  user: UserPayload;
  token: SessionToken;
}

/**
 * Decodes the session token; null for a missing, expired, tampered or malformed one (that is "signed out"). It does
 * not consult the deny-list ({@link currentUser} does).
 */
export function verifySessionToken(token: unknown, jwtKey: string): UserPayload | null {
  return typeof token === 'string' ? (verifyToken(token, jwtKey)?.user.user ?? null) : null;
}

function verifyToken(token: string, jwtKey: string): VerifiedToken<Session> | null {
  try {
    const decoded = jwt.verify(token, hmacKey(jwtKey), { algorithms: ['HS256'] });
    if (typeof decoded !== 'object') return null;
    const parsed = UserPayloadSchema.safeParse(decoded);
    const { exp, jti, iat } = decoded;
    // signSessionToken always sets exp and jti; a token without them is not ours, or predates revocation (issue 15),
    // and could not be revoked: refused, so those sessions sign in again once.
    if (!parsed.success || typeof exp !== 'number' || typeof jti !== 'string' || jti === '') return null;
    // A token signed before `iatMs` existed is dated by its `iat` (to the second), or as issued at the epoch.
    const iatMs = (decoded as { iatMs?: unknown }).iatMs;
    const issuedAtMs = typeof iatMs === 'number' ? iatMs : typeof iat === 'number' ? iat * 1000 : 0;
    const { roles, ...rest } = parsed.data;
    const user: UserPayload = roles?.length ? { ...rest, roles } : rest;
    return { user: { user, token: { id: jti, userId: user.id, issuedAtMs, expiresAt: exp } }, exp };
  } catch {
    return null;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by {@link currentUser}: the signed-in user, or undefined. */
    currentUser?: UserPayload;
    /** Set by {@link currentUser} with `currentUser`: the token's identity, which sign-out revokes. */
    sessionToken?: SessionToken;
    /** Set by {@link currentUser} when a valid token could not be checked against the deny-list (Redis down). */
    sessionUnchecked?: boolean;
  }
}

/**
 * Reads the session's JWT into `req.currentUser` and `req.sessionToken`; never rejects (an invalid or revoked token
 * just means signed out). A token's signature is verified once and then remembered until it expires
 * ({@link rememberVerified}), but the deny-list is asked on every request that carries a valid token, after the memo,
 * so a revocation takes effect on the very next request on every service. When Redis cannot answer, the caller is
 * not signed in and `req.sessionUnchecked` is set: {@link requireAuth} then answers 503, not 401 (the session may be
 * fine), and a public route still answers as for a signed-out visitor.
 */
export function currentUser(jwtKey: string, revocations: SessionRevocations): RequestHandler {
  const verify = rememberVerified((token) => verifyToken(token, jwtKey));
  return async (req, _res, next) => {
    const token = sessionJwt(req);
    const session = typeof token === 'string' ? verify(token) : null;
    if (session) {
      try {
        if (!(await revocations.isRevoked(session.token))) {
          req.currentUser = session.user;
          req.sessionToken = session.token;
        }
      } catch {
        req.sessionUnchecked = true;
      }
    }
    next();
  };
}

/** The signed-in user, or null when signed out. @throws ServiceUnavailableError when the session could not be checked. */
export function optionalUser(req: Request): UserPayload | null {
  if (req.sessionUnchecked) throw new ServiceUnavailableError('Sessions are temporarily unavailable, please retry');
  return req.currentUser ?? null;
}

/** Rejects with 401 unless a user is signed in; 503 when the session could not be checked (Redis down). */
export const requireAuth: RequestHandler = (req, _res, next) => {
  if (!optionalUser(req)) throw new NotAuthorizedError();
  next();
};

/** The signed-in user of a route behind {@link requireAuth}. */
export function authedUser(req: Request): UserPayload {
  const user = optionalUser(req);
  if (!user) throw new NotAuthorizedError();
  return user;
}

/** True when `user` holds `role`. */
export function hasRole(user: UserPayload | null | undefined, role: Role): boolean {
  return user?.roles?.includes(role) ?? false;
}

/** Rejects with 401 unless a user is signed in, and with 403 unless they are an admin (DESIGN §12 "Roles"). */
export const requireAdmin: RequestHandler = (req, _res, next) => {
  if (!hasRole(authedUser(req), 'admin')) throw new ForbiddenError('Only an admin can do this');
  next();
};
