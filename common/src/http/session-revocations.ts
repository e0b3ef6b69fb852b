import type { Redis } from 'ioredis';
import { ServiceUnavailableError } from '../errors/http-errors';

/**
 * A session token's identity: its `jti`, whose session it is, when it was issued (milliseconds since the epoch: a
 * revocation and a sign-in in the same second must still be told apart) and when it expires (seconds, JWT `exp`).
 */
export interface SessionToken {
  id: string;
  userId: string;
  issuedAtMs: number;
  expiresAt: number;
}

/** How long a session lasts at most (a day, DESIGN §8): a user's "not before" mark is kept that long. */
export const SESSION_LIFETIME_SECONDS = 24 * 3600;

/**
 * The session deny-list (DESIGN §8, §12 "Roles"): a token revoked at sign-out is refused by every service until it
 * would have expired anyway, and so is every token of a user whose sessions were all ended (their roles changed).
 * One key per revoked token, `session:revoked:<jti>`, set to expire with the token, and one per such user,
 * `session:not-before:<userId>` (the time before which their tokens are refused), set to expire when the last token
 * it could refuse would have; so the list holds only what could still matter and needs no sweeping.
 */
export interface SessionRevocations {
  /** Revokes `token` until its expiry. @throws ServiceUnavailableError (503) when Redis is unreachable. */
  revoke(token: SessionToken): Promise<void>;
  /**
   * Ends every session of `userId` issued until now; a sign-in after this call is not affected.
   * @throws ServiceUnavailableError (503) when Redis is unreachable.
   */
  revokeUser(userId: string): Promise<void>;
  /**
   * True when `token` was revoked, by itself or with all of its user's sessions. One MGET per call (one round trip).
   * @throws the Redis client's error when unreachable.
   */
  isRevoked(token: SessionToken): Promise<boolean>;
}

const key = (tokenId: string): string => `session:revoked:${tokenId}`;
const userKey = (userId: string): string => `session:not-before:${userId}`;

/**
 * The deny-list in `redis`, shared by every service and replica. Nothing is cached in the process, on purpose: a
 * copied cookie must stop working on every service as soon as sign-out answers, and a cache of "not revoked" answers
 * would keep it working for that cache's lifetime. The price is one MGET per request that carries a valid token.
 */
export function sessionRevocations(redis: Redis): SessionRevocations {
  return {
    async revoke(token) {
      // At least 1 ms: SET with PX 0 is an error, and a token in its last millisecond is as good as expired.
      const ttlMs = Math.max(1, token.expiresAt * 1000 - Date.now());
      try {
        await redis.set(key(token.id), '1', 'PX', ttlMs);
      } catch (error) {
        throw new ServiceUnavailableError('Sign-out is temporarily unavailable, please retry', { cause: error });
      }
    },
    async revokeUser(userId) {
      // A millisecond later than now: a token issued in this very millisecond is refused too (it may predate us).
      const notBefore = Date.now() + 1;
      try {
        await redis.set(userKey(userId), String(notBefore), 'EX', SESSION_LIFETIME_SECONDS);
      } catch (error) {
        throw new ServiceUnavailableError('Ending the sessions is temporarily unavailable, please retry', {
          cause: error,
        });
      }
    },
    async isRevoked(token) {
      const [revoked, notBefore] = await redis.mget(key(token.id), userKey(token.userId));
      return revoked !== null || (notBefore !== null && token.issuedAtMs < Number(notBefore));
    },
  };
}
