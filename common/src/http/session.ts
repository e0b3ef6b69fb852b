import cookieSession from 'cookie-session';
import type { Request, RequestHandler } from 'express';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { NotAuthorizedError } from '../errors/http-errors';

/** The signed-in user, as every service sees it. */
export interface UserPayload {
  id: string;
  email: string;
}

const UserPayloadSchema = z.object({ id: z.string().min(1), email: z.string().min(1) });

/** The name of the session cookie; the JWT is its only content. */
export const SESSION_COOKIE = 'session';

/**
 * The cookie session (DESIGN §8): HttpOnly, SameSite=Lax, Secure unless `secure` is false (local plain-HTTP runs).
 * The cookie is not signed by cookie-session because the JWT inside is.
 */
export function sessionMiddleware(options: { secure: boolean }): RequestHandler {
  return cookieSession({
    name: SESSION_COOKIE,
    signed: false,
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
  });
}

/** Signs the session token (HS256 with `JWT_KEY`), valid for `expiresInSeconds` (default 1 day). */
export function signSessionToken(user: UserPayload, jwtKey: string, expiresInSeconds = 24 * 3600): string {
  return jwt.sign({ id: user.id, email: user.email }, jwtKey, { algorithm: 'HS256', expiresIn: expiresInSeconds });
}

/** Decodes the session token; null for a missing, expired, tampered or malformed one (that is "signed out"). */
export function verifySessionToken(token: unknown, jwtKey: string): UserPayload | null {
  if (typeof token !== 'string') return null;
  try {
    const decoded = jwt.verify(token, jwtKey, { algorithms: ['HS256'] });
    const parsed = UserPayloadSchema.safeParse(decoded);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by {@link currentUser}: the signed-in user, or undefined. */
    currentUser?: UserPayload;
  }
}

/** Reads the session's JWT into `req.currentUser`; never rejects (an invalid token just means signed out). */
export function currentUser(jwtKey: string): RequestHandler {
  return (req, _res, next) => {
    const user = verifySessionToken((req.session as { jwt?: unknown } | null | undefined)?.jwt, jwtKey);
    if (user) req.currentUser = user;
    next();
  };
}

/** Rejects with 401 unless a user is signed in. */
export const requireAuth: RequestHandler = (req, _res, next) => {
  if (!req.currentUser) throw new NotAuthorizedError();
  next();
};

/** The signed-in user of a route behind {@link requireAuth}. */
export function authedUser(req: Request): UserPayload {
  if (!req.currentUser) throw new NotAuthorizedError();
  return req.currentUser;
}
