import { createRedisClient, type ServiceDefinition } from '@ticketing/common';
import { buildApp } from './app';
import type { Config } from './config';
import { listeners, publishes } from './events';
import { openExpirationQueue } from './queues/expiration-queue';

/**
 * The expiration service (DESIGN §7): one BullMQ delayed job per order, keyed by the order id, due at the order's
 * `expiresAt`; when it fires, OrderExpired. No MongoDB: the jobs live in Redis (append-only file on), so they survive
 * a restart of this service and of Redis.
 */
export function expirationService(config: Config): ServiceDefinition {
  const redis = createRedisClient(config.REDIS_URL, 'expiration', 'jobs');
  return {
    name: 'expiration',
    config,
    redis,
    publishes,
    listeners,
    connect: async ({ log, bus }) => [openExpirationQueue({ connection: redis, bus, log })],
    buildApp: ({ log, isReady }) => buildApp({ log, isReady, trustedProxyHops: config.TRUSTED_PROXY_HOPS }),
  };
}
