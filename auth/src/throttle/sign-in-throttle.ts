import { clientAddressKey, type Redis } from '@ticketing/common';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { limited, redisLimiter } from './limiter';

export interface SignInThrottleOptions {
  /** Wrong passwords for one email from one address before each further one locks that pair out for a while. */
  freeFailures: number;
  /** Failed sign-ins from one address, whatever the email, within the window, before 429. */
  maxFailuresPerAddress: number;
  /** How long failures are remembered, from the first (the lockouts' count is remembered a day). */
  windowSeconds: number;
  /** The longest lockout of one (email, address) pair: the growth 1 s, 2 s, 4 s… stops here. */
  maxLockoutSeconds: number;
  /** Failures for one email, from all addresses, within the window, before each attempt on it is held a while. */
  emailSlowdownAfter: number;
}

/** A pair's lockouts are counted for a day, so that a patient attacker's lockouts keep growing between bursts. */
const LOCKOUT_MEMORY_SECONDS = 24 * 3600;
/** The longest an attempt on a much-attacked email is held before its password is checked. */
const EMAIL_MAX_DELAY_MS = 2_000;
/** Big enough never to reject: these limiters only count. */
const COUNT_ONLY = 1_000_000_000;

const MESSAGES = {
  throttled: 'Too many failed sign-in attempts; try again later',
  unavailable: 'Sign-in is temporarily unavailable',
};

/**
 * Sign-in throttling that slows an attacker without locking the owner out (DESIGN §8), in Redis so that it holds
 * across replicas:
 * - per (email, address): `freeFailures` wrong passwords, then each further one locks that pair out for 1 s, 2 s, 4 s…
 *   up to `maxLockoutSeconds` (429 with Retry-After). The owner, from any other address, is not affected.
 * - per address: `maxFailuresPerAddress` failures within the window, whatever the email (password spraying), then 429.
 * - per email, from all addresses (a distributed guesser): past `emailSlowdownAfter` failures, every attempt on that
 *   email is held before its check, 100 ms doubling up to 2 s, and then answered: slower, never refused, so the
 *   right password still signs the owner in.
 * A pair's and an address's attempt is counted before the password is checked and given back if it was not a failure:
 * 50 parallel guesses from one pair get at most `freeFailures` checks, where check-then-count would let all through.
 * A success clears the pair's and the email's failures. Without Redis, sign-in answers 503 (no counters, no limit).
 */
export class SignInThrottle {
  private readonly pair: RateLimiterRedis;
  private readonly pairLockouts: RateLimiterRedis;
  private readonly address: RateLimiterRedis;
  private readonly email: RateLimiterRedis;

  constructor(
    redis: Redis,
    private readonly options: SignInThrottleOptions,
  ) {
    const { freeFailures, maxFailuresPerAddress, windowSeconds } = options;
    this.pair = redisLimiter(redis, 'auth:signin:pair', freeFailures, windowSeconds);
    this.pairLockouts = redisLimiter(redis, 'auth:signin:pair-lockouts', COUNT_ONLY, LOCKOUT_MEMORY_SECONDS);
    this.address = redisLimiter(redis, 'auth:signin:address', maxFailuresPerAddress, windowSeconds);
    this.email = redisLimiter(redis, 'auth:signin:email', COUNT_ONLY, windowSeconds);
  }

  /**
   * Runs `check` (the password check) unless the address or the (email, address) pair is over its limit. A null
   * result is a failure and stays counted; a user, or a thrown error (a database outage is not the client's failure),
   * is not.
   * @throws TooManyRequestsError (429, Retry-After) when over a limit; ServiceUnavailableError without Redis.
   */
  async attempt<T>(who: { email: string; ip: string | undefined }, check: () => Promise<T | null>): Promise<T | null> {
    // An address is its /64 for IPv6 (a subscriber rotates through its /64 freely), IPv4 as is.
    const ip = clientAddressKey(who.ip);
    const pairKey = `${who.email}|${ip}`;
    await limited(() => this.address.consume(ip), MESSAGES);
    let reserved;
    try {
      reserved = await limited(() => this.pair.consume(pairKey), MESSAGES);
    } catch (error) {
      await this.address.reward(ip).catch(() => undefined);
      throw error;
    }
    const emailFailures = (await limited(() => this.email.get(who.email), MESSAGES))?.consumedPoints ?? 0;
    await holdFor(emailDelayMs(emailFailures, this.options.emailSlowdownAfter));

    let result: T | null;
    try {
      result = await check();
    } catch (error) {
      await Promise.all([this.address.reward(ip), this.pair.reward(pairKey)]).catch(() => undefined);
      throw error;
    }
    if (result !== null) {
      // Clean-up that fails (Redis just went away) only leaves a few failures counted: not worth failing a sign-in.
      await Promise.all([
        this.address.reward(ip),
        this.pair.delete(pairKey),
        this.pairLockouts.delete(pairKey),
        this.email.delete(who.email),
      ]).catch(() => undefined);
      return result;
    }
    await limited(() => this.email.penalty(who.email), MESSAGES);
    // The last free failure starts the lockouts; once a pair has been locked out, every failure locks it again, longer.
    if (reserved.remainingPoints === 0 || (await limited(() => this.pairLockouts.get(pairKey), MESSAGES))) {
      const lockouts = await limited(() => this.pairLockouts.penalty(pairKey), MESSAGES);
      const seconds = Math.min(2 ** (lockouts.consumedPoints - 1), this.options.maxLockoutSeconds);
      await limited(() => this.pair.block(pairKey, seconds), MESSAGES);
    }
    return null;
  }
}

/** 0 up to `after` failures, then 100 ms, 200 ms, 400 ms… up to {@link EMAIL_MAX_DELAY_MS}. */
export function emailDelayMs(failures: number, after: number): number {
  return failures <= after ? 0 : Math.min(100 * 2 ** (failures - after - 1), EMAIL_MAX_DELAY_MS);
}

function holdFor(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
