import { startPeriodicTask, type Dependency, type Logger, type Redis } from '@ticketing/common';
import { observeRooms, recordAdmitted, type RoomFigures } from './queue-metrics';
import { OPEN_ROOMS_KEY } from './room-keys';
import { admitStep } from './rooms';
import type { StatusFeed } from './status-feed';

/**
 * Each replica's tick (DESIGN §13): one admission step per open room, then the live streams. The steps of all
 * replicas share each room's rate exactly (the step is one Lua script on Redis's clock, rooms.ts admitStep), so
 * more replicas tick more often but never admit more. A step may catch up at most two ticks of credit, so that a
 * tick delayed (a busy process, a replica gone) never releases a burst. A room leaves the set once cancelled or
 * ended; a sold-out one stays until it ends, in case a ticket comes back.
 */
export function startAdmission(options: {
  redis: Redis;
  log: Logger;
  tickMs: number;
  passMs: number;
  feed: StatusFeed;
}): Dependency {
  const { redis, feed } = options;
  const figures = new Map<string, RoomFigures>();
  const run = async (): Promise<void> => {
    const eventIds = await redis.smembers(OPEN_ROOMS_KEY);
    for (const eventId of eventIds) {
      const step = await admitStep(redis, eventId, options.passMs, 2 * options.tickMs);
      if (step.outcome === 'no-room' || (step.outcome === 'closed' && step.reason !== 'sold out')) {
        await redis.srem(OPEN_ROOMS_KEY, eventId);
        figures.delete(eventId);
        continue;
      }
      if (step.outcome === 'closed') {
        figures.delete(eventId);
        continue;
      }
      recordAdmitted(eventId, step.admitted);
      figures.set(eventId, {
        waiting: step.waiting,
        expired: step.expired,
        admitPerMinute: step.admitPerMinute,
        admitting: step.outcome === 'admitting',
      });
    }
    // Rooms this replica no longer sees are no longer reported.
    for (const eventId of figures.keys()) if (!eventIds.includes(eventId)) figures.delete(eventId);
    await feed.refresh();
  };
  const task = startPeriodicTask({ name: 'queue-admission', intervalMs: options.tickMs, log: options.log, run });
  const metrics = observeRooms(figures);
  return {
    name: 'queue-admission',
    isReady: () => true,
    async close() {
      await task.stop();
      await metrics.close();
    },
  };
}
