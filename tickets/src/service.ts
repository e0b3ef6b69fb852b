import {
  createRedisClient,
  sessionRevocations,
  startIdempotencyKeyExpiry,
  type ServiceDefinition,
} from '@ticketing/common';
import { buildApp } from './app';
import type { Config } from './config';
import { listeners, publishes } from './events';
import { createTicketFeed } from './events/ticket-feed';
import { events } from './models/event';
import { orderProgress } from './models/order-progress';
import { tickets } from './models/ticket';

/** The tickets service: what it stores, publishes and consumes, and its app (boot order: common's startService). */
export function ticketsService(config: Config): ServiceDefinition {
  const feed = createTicketFeed();
  const redis = createRedisClient(config.REDIS_URL, 'tickets');
  return {
    name: 'tickets',
    config,
    redis,
    publishes,
    listeners,
    stores: [tickets, orderProgress, events],
    connect: async ({ bus, log }) => [
      await startIdempotencyKeyExpiry({ intervalMs: config.IDEMPOTENCY_KEY_SWEEP_SECONDS * 1_000, log }),
      feed.connect(bus),
    ],
    buildApp: ({ log, isReady }) =>
      buildApp({ log, isReady, config, revocations: sessionRevocations(redis), liveStream: feed.stream }),
  };
}
