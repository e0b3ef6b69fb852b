import { ServiceUnavailableError, TooManyRequestsError, type Redis } from '@ticketing/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** A counter in Redis shared by every replica: rate-limiter-flexible's, whose consume is one atomic script. */
export function redisLimiter(
  redis: Redis,
  keyPrefix: string,
  points: number,
  durationSeconds: number,
): RateLimiterRedis {
  return new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: durationSeconds });
}

/** Retry-After in whole seconds, at least 1: a limiter's last half second would otherwise round to "now". */
export function retryAfterSeconds(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Runs a limiter call, mapping its two failures to the client's answer: a rejection (over the limit) becomes 429 with
 * Retry-After and `messages.throttled`; anything else is Redis failing, and becomes 503, because without the counters there is
 * no limit (fail closed).
 */
export async function limited<T>(
  call: () => Promise<T>,
  messages: { throttled: string; unavailable: string },
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new TooManyRequestsError(messages.throttled, retryAfterSeconds(error));
    throw new ServiceUnavailableError(messages.unavailable, { cause: error });
  }
}
