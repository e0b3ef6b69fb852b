import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Dependency } from './start-service';

export type { Redis } from 'ioredis';

/**
 * A Redis client for request-path state (the session deny-list, sign-in throttling), made without connecting: a
 * service builds it with its definition, and {@link startService} connects it at boot. Commands fail at once while
 * disconnected (no offline queue, one retry), so a request during a Redis outage gets a quick 503 instead of hanging,
 * while ioredis keeps reconnecting (backoff up to 2 s) and `/readyz` reports the outage.
 */
export function createRedisClient(url: string, connectionName: string): Redis {
  return new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectionName,
    retryStrategy: (tries) => Math.min(tries * 100, 2_000),
  });
}

/**
 * Connects `redis` and resolves once it is ready (ioredis retries meanwhile, as the database and the bus do at boot),
 * logging at most one line every 10 s while it is unreachable. The dependency reports readiness and quits at shutdown.
 */
export async function connectRedis(redis: Redis, log: Logger): Promise<Dependency> {
  let lastWarning = 0;
  redis.on('error', (error: unknown) => {
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
  return {
    name: 'redis',
    isReady: () => redis.status === 'ready',
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
