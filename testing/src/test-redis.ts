import { Redis } from 'ioredis';

/**
 * A Redis client of the test itself: on `url`, or on the harness's Redis (REDIS_URL, set by jest's global setup).
 * Commands wait for the connection (the offline queue is on), so a test needs no readiness wait; `quit()` it after.
 */
export function connectTestRedis(url = process.env.REDIS_URL): Redis {
  if (!url) throw new Error('REDIS_URL is not set: run the tests through jest (its global setup starts Redis)');
  return new Redis(url, { connectionName: 'test' });
}
