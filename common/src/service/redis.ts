import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { withDeadline } from './deadline';
import type { Dependency } from './start-service';

export type { Redis } from 'ioredis';

/**
 * What a service keeps in Redis, which decides how its commands behave while Redis is away:
 * - `requests`: request-path state (the session deny-list, sign-in throttling). Commands fail at once while
 *   disconnected (no offline queue, one retry), so a request during an outage gets a quick 503 instead of hanging.
 *   Commands are auto-pipelined: those issued in the same turn of the event loop go out in one write (and one read
 *   of the answers) instead of one each. Under a burst (every request checks the deny-list) that is what keeps the
 *   process off the socket: the on-sale's joins spent a fifth of their CPU writing single commands (bench/RESULTS.md).
 *   Order is kept, so it changes nothing a caller can see.
 * - `jobs`: a BullMQ queue and worker (expiration). BullMQ requires `maxRetriesPerRequest: null` of a worker's
 *   connection: a command waits for the reconnect instead of failing, so a Redis restart never ends the worker's loop.
 *   Code that must not wait that long bounds its own commands ({@link whenRedisReady}, {@link withDeadline}).
 */
export type RedisUse = 'requests' | 'jobs';

/**
 * A Redis client, made without connecting: a service builds it with its definition (`ServiceDefinition.redis`), and
 * {@link startService} connects it at boot, as it does the database and the bus. Either kind reconnects forever
 * (backoff up to 2 s) while `/readyz` reports the outage.
 */
export function createRedisClient(url: string, connectionName: string, use: RedisUse = 'requests'): Redis {
  return new Redis(url, {
    lazyConnect: true,
    connectionName,
    retryStrategy: (tries) => Math.min(tries * 100, 2_000),
    ...(use === 'requests'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, enableAutoPipelining: true }
      : { maxRetriesPerRequest: null }),
  });
}

/** True when the connection is up and Redis answers PING within `timeoutMs` (a hung server is not ready). */
export async function isRedisReady(redis: Redis, timeoutMs = 1_000): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  const pong = await withDeadline(redis.ping(), timeoutMs, 'redis PING').catch(() => undefined);
  return pong === 'PONG';
}

/**
 * Resolves once the connection is ready, or throws after `timeoutMs`. Used before a command that would otherwise wait
 * for the reconnect (a `jobs` client), so that while Redis is down a listener fails within its ack wait (and the
 * message is redelivered with backoff) instead of leaving the command parked in ioredis's offline queue.
 */
export async function whenRedisReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  await withDeadline(nextReady(redis), timeoutMs, 'redis connection');
}

// One 'ready' listener per connection, shared by every waiting caller (not one each: Node warns past 10 listeners).
const readyWaits = new WeakMap<Redis, Promise<void>>();

function nextReady(redis: Redis): Promise<void> {
  let wait = readyWaits.get(redis);
  if (!wait) {
    wait = new Promise<void>((resolve) => {
      redis.once('ready', () => {
        readyWaits.delete(redis);
        resolve();
      });
    });
    readyWaits.set(redis, wait);
  }
  return wait;
}

/**
 * Connects `redis` and resolves once it is ready (ioredis retries meanwhile, as the database and the bus do at boot),
 * logging at most one line every 10 s while it is unreachable, and one when it is back. The dependency is ready while
 * Redis answers PING ({@link isRedisReady}) and quits at shutdown.
 */
export async function connectRedis(redis: Redis, log: Logger): Promise<Dependency> {
  let lastWarning = 0;
  let unreachable = false;
  redis.on('error', (error: unknown) => {
    unreachable = true;
    // ioredis emits an error per failed reconnect; one line every 10 s is enough to see an outage.
    if (Date.now() - lastWarning > 10_000) {
      lastWarning = Date.now();
      log.warn({ err: error }, 'redis not reachable; retrying');
    }
  });
  const ready = new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  redis.connect().catch(() => undefined); // a failed first attempt is retried by ioredis; 'ready' ends the wait
  await ready;
  log.info('redis connected');
  redis.on('ready', () => {
    if (unreachable) log.info('redis reachable again');
    unreachable = false;
  });
  return {
    name: 'redis',
    isReady: () => isRedisReady(redis),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
