import type { Dependency, Logger } from '@ticketing/common';
import { Redis } from 'ioredis';

/**
 * Connects to Redis and resolves once it is ready; ioredis keeps reconnecting (backoff up to 2 s) while it is not, as
 * the database and the bus do at boot. Commands fail at once while disconnected (no offline queue), so a sign-in
 * during a Redis outage gets a quick 503 instead of hanging, and `/readyz` reports the outage meanwhile.
 */
export async function connectRedis(url: string, log: Logger): Promise<{ redis: Redis; dependency: Dependency }> {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
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
    redis,
    dependency: {
      name: 'redis',
      isReady: () => redis.status === 'ready',
      async close() {
        await redis.quit().catch(() => redis.disconnect());
      },
    },
  };
}
