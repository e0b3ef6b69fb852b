import { clientAddressKey, type Redis } from '@ticketing/common';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { limited, redisLimiter } from './limiter';

/**
 * Sign-ups per client address (DESIGN §8): each one costs a scrypt (about 0.4 s of one libuv thread at N = 2^17), so an
 * unthrottled burst from one address would starve everyone's sign-ins. Every attempt that passes validation counts,
 * an "Email in use" too: it cost the same scrypt.
 */
export class SignUpThrottle {
  private readonly perAddress: RateLimiterRedis;

  constructor(redis: Redis, options: { maxPerAddress: number; windowSeconds: number }) {
    this.perAddress = redisLimiter(redis, 'auth:signup:address', options.maxPerAddress, options.windowSeconds);
  }

  /**
   * Counts one sign-up from `ip` (keyed by clientAddressKey: an IPv6 address counts as its /64).
   * @throws TooManyRequestsError (429, Retry-After) past the limit; ServiceUnavailableError when Redis is unreachable.
   */
  async count(ip: string | undefined): Promise<void> {
    await limited(() => this.perAddress.consume(clientAddressKey(ip)), {
      throttled: 'Too many sign-ups from this address; try again later',
      unavailable: 'Sign-up is temporarily unavailable',
    });
  }
}
