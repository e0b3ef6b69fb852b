import { createRedisClient, sessionRevocations, type ServiceDefinition } from '@ticketing/common';
import { buildApp } from './app';
import type { Config } from './config';
import { listeners, publishes } from './events';
import { startAdmission } from './rooms/admission';
import { openRoomStore } from './rooms/room-store';
import { createStatusFeed } from './rooms/status-feed';

/**
 * The queue service (DESIGN §13): the fair waiting room of an on-sale. No MongoDB: the rooms live in Redis
 * (append-only file on), so places survive a restart of this service and of Redis, and every replica shares them.
 * Each replica ticks the admission of every open room; the pass it hands out is signed with QUEUE_PASS_KEY.
 */
export function queueService(config: Config): ServiceDefinition {
  // Fail fast while Redis is away: a join answers 503 at once, a tick fails and the next one tries again.
  const redis = createRedisClient(config.REDIS_URL, 'queue');
  const feed = createStatusFeed({ redis, passKey: config.QUEUE_PASS_KEY, maxStreams: config.QUEUE_STREAMS_MAX });
  return {
    name: 'queue',
    config,
    redis,
    publishes,
    listeners,
    connect: async ({ log }) => {
      const closeStore = openRoomStore({ redis, prequeueMinutes: config.PREQUEUE_MINUTES });
      const admission = startAdmission({
        redis,
        log,
        tickMs: config.QUEUE_TICK_MS,
        passMs: Math.round(config.PASS_MINUTES * 60_000),
        feed,
      });
      return [
        admission,
        feed.dependency(),
        { name: 'room-store', isReady: () => true, close: async () => closeStore() },
      ];
    },
    buildApp: ({ log, isReady }) =>
      buildApp({ log, isReady, config, revocations: sessionRevocations(redis), redis, feed }),
  };
}
