import { createHash } from 'node:crypto';
import { ServiceUnavailableError, type Redis } from '@ticketing/common';

/** A Lua script run atomically by Redis: by its SHA-1 (EVALSHA), sent once more in full when Redis lacks it. */
export type RedisScript = (
  redis: Redis,
  keys: readonly string[],
  args: readonly (string | number)[],
) => Promise<unknown>;

/**
 * Makes a {@link RedisScript} of `lua`. Redis runs a script as one step, which is what makes a room's shuffle and
 * each admission safe with any number of replicas (DESIGN §13): no other command runs in between. A Redis restart
 * forgets the loaded scripts (NOSCRIPT): the first call after it sends the source again. A Redis that is away is a
 * 503 for a request (ServiceUnavailableError), and a failed tick for a periodic task (retried at the next one).
 */
export function defineRedisScript(lua: string): RedisScript {
  const sha = createHash('sha1').update(lua).digest('hex');
  return async (redis, keys, args) => {
    try {
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return await redis.eval(lua, keys.length, ...keys, ...args);
      }
    } catch (error) {
      // A Lua error is a bug of ours (a 500, logged); anything else is Redis being away.
      if (error instanceof Error && /ERR.*script|user_script/i.test(error.message)) throw error;
      throw new ServiceUnavailableError('The queue is not available right now, please retry', {
        cause: error,
        retryAfterSeconds: 2,
      });
    }
  };
}
