import { ServiceUnavailableError, TooManyRequestsError } from '@ticketing/common';
import type { Redis } from 'ioredis';

// Reserves one attempt against every key, atomically: if any key already holds `max` failures, nothing is counted
// and the reply is the seconds until that key's window ends (Retry-After); otherwise each key is incremented, the
// window starting at its first failure, and the reply is 0. Counting before the password is checked (and refunding
// on success, below) keeps the limit exact under concurrency: 50 parallel guesses against one email, on any number
// of replicas, get at most `max` password checks, where check-then-INCR would let them all through.
const RESERVE = `
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wait = 0
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= max then
    -- PTTL rounded up and at least 1: TTL rounds to 0 in a window's last half second, which would read as "go".
    local pttl = redis.call('PTTL', key)
    if pttl < 0 then
      redis.call('EXPIRE', key, window)
      pttl = window * 1000
    end
    local ttl = math.max(1, math.ceil(pttl / 1000))
    if ttl > wait then wait = ttl end
  end
end
if wait > 0 then return wait end
for _, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 or redis.call('TTL', key) < 0 then redis.call('EXPIRE', key, window) end
end
return 0
`;

// Gives back a reserved attempt that turned out not to be a failure; a key that expired meanwhile is left alone.
const REFUND = `
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 and redis.call('DECR', key) <= 0 then redis.call('DEL', key) end
end
return 0
`;

export interface SignInThrottleOptions {
  /** Failed sign-ins allowed per email and per client address within the window. */
  maxFailures: number;
  windowSeconds: number;
}

/**
 * Sign-in throttling that holds across replicas (the counters live in Redis): after `maxFailures` failed sign-ins for
 * one email, or from one client address, within `windowSeconds`, every further attempt is refused with 429 and
 * Retry-After until the window ends, before the password is checked, so a correct password is refused too.
 *
 * The Redis client is attached once connected ({@link SignInThrottle.use}); until then, and while Redis is
 * unreachable, sign-in answers 503: without the counters there is no limit, so it fails closed.
 */
export class SignInThrottle {
  private redis: Redis | undefined;

  constructor(private readonly options: SignInThrottleOptions) {}

  /** Attaches the connected client (the service's connect hook). */
  use(redis: Redis): void {
    this.redis = redis;
  }

  /**
   * Runs `attempt` (the password check) if neither the email nor the address is over the limit. A null result is
   * a failure and stays counted; a user, or a thrown error (a database outage is not the client's failure), is not.
   * @throws TooManyRequestsError (429, Retry-After) when over the limit; ServiceUnavailableError without Redis.
   */
  async attempt<T>(
    who: { email: string; ip: string | undefined },
    attempt: () => Promise<T | null>,
  ): Promise<T | null> {
    const keys = [`auth:signin-failures:email:${who.email}`, `auth:signin-failures:ip:${who.ip ?? 'unknown'}`];
    const wait = Number(await this.run(RESERVE, keys, [this.options.maxFailures, this.options.windowSeconds]));
    if (wait > 0) throw new TooManyRequestsError('Too many failed sign-in attempts; try again later', wait);

    let result: T | null;
    try {
      result = await attempt();
    } catch (error) {
      await this.run(REFUND, keys, []).catch(() => undefined);
      throw error;
    }
    // A refund that fails (Redis just went away) only leaves one extra attempt counted: not worth failing a sign-in.
    if (result !== null) await this.run(REFUND, keys, []).catch(() => undefined);
    return result;
  }

  private async run(script: string, keys: string[], args: number[]): Promise<unknown> {
    const redis = this.redis;
    if (!redis) throw new ServiceUnavailableError('Sign-in is temporarily unavailable');
    try {
      return await redis.eval(script, keys.length, ...keys, ...args);
    } catch (error) {
      throw new ServiceUnavailableError('Sign-in is temporarily unavailable', { cause: error });
    }
  }
}
