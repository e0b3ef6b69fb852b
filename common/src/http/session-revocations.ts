import type { Redis } from 'ioredis';
import { ServiceUnavailableError } from '../errors/http-errors';

/** A session token's identity: its `jti` and when it expires (seconds since the epoch, JWT `exp`). */
export interface SessionToken {
  id: string;
  expiresAt: number;
}

/**
 * The session deny-list (DESIGN §8): a token revoked at sign-out is refused by every service until it would have
 * expired anyway. One key per revoked token, `session:revoked:<jti>`, set to expire with the token, so the list holds
 * only tokens that could still be used and needs no sweeping.
 */
export interface SessionRevocations {
  /** Revokes `token` until its expiry. @throws ServiceUnavailableError (503) when Redis is unreachable. */
  revoke(token: SessionToken): Promise<void>;
  /** True when `tokenId` was revoked. One EXISTS per call. @throws the Redis client's error when unreachable. */
  isRevoked(tokenId: string): Promise<boolean>;
}

const key = (tokenId: string): string => `session:revoked:${tokenId}`;

/**
 * The deny-list in `redis`, shared by every service and replica. Nothing is cached in the process, on purpose: a
 * copied cookie must stop working on every service as soon as sign-out answers, and a cache of "not revoked" answers
 * would keep it working for that cache's lifetime. The price is one EXISTS per request that carries a valid token.
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
    async isRevoked(tokenId) {
      return (await redis.exists(key(tokenId))) === 1;
    },
  };
}
