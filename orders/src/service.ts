import {
  createRedisClient,
  sessionRevocations,
  startIdempotencyKeyExpiry,
  type ServiceDefinition,
} from '@ticketing/common';
import { buildApp } from './app';
import type { Config } from './config';
import { listeners, publishes } from './events';
import { createOrderFeed } from './events/order-feed';
import { startOverdueSweeper } from './models/expire-overdue';
import { orders } from './models/order';
import { observeOpenOrders } from './open-orders-metric';
import { ticketReplica } from './models/ticket-replica';
import { userReplica } from './models/user-replica';

/** The orders service: the 15-minute lock on a ticket (DESIGN §7). */
export function ordersService(config: Config): ServiceDefinition {
  const feed = createOrderFeed();
  const redis = createRedisClient(config.REDIS_URL, 'orders');
  return {
    name: 'orders',
    config,
    redis,
    publishes,
    listeners,
    stores: [orders],
    replicas: [ticketReplica, userReplica],
    connect: async ({ bus, log }) => {
      const keyExpiry = await startIdempotencyKeyExpiry({
        intervalMs: config.IDEMPOTENCY_KEY_SWEEP_SECONDS * 1_000,
        log,
      });
      const sweeper = startOverdueSweeper({ intervalMs: config.ORDERS_EXPIRY_SWEEP_SECONDS * 1_000, log });
      return [
        { name: 'overdue-order-sweep', isReady: () => true, close: () => sweeper.stop() },
        keyExpiry,
        feed.connect(bus),
        observeOpenOrders(),
      ];
    },
    buildApp: ({ log, isReady }) =>
      buildApp({ log, isReady, config, revocations: sessionRevocations(redis), liveStream: feed.stream }),
  };
}
