import { authedUser, requireAuth, type Redis } from '@ticketing/common';
import { Router } from 'express';
import type { StatusFeed } from '../rooms/status-feed';
import { eventIdParam } from './event-id-param';
import { findQueueStatus } from './show-queue-status';

/**
 * GET /api/queue/:eventId/stream (DESIGN §13): Server-Sent Events `event: status` with the buyer's status, at once
 * and then whenever it changes: the position, admission, a pass running out and closing at the tick that sees them,
 * the people ahead and the estimated wait every few ticks (status-feed.ts COUNTS_EVERY_REFRESHES). The same answers
 * as the status route before the stream opens (400, 401, 404); 429 when this buyer holds 10 streams, 503 when the
 * process holds its maximum (the page then polls).
 */
export function queueStreamRouter(options: { redis: Redis; passKey: string; feed: StatusFeed }): Router {
  return Router().get('/api/queue/:eventId/stream', requireAuth, async (req, res, next) => {
    const eventId = eventIdParam(req.params.eventId);
    const userId = authedUser(req).id;
    const status = await findQueueStatus(options.redis, options.passKey, eventId, userId);
    const watcher = { eventId, userId };

    options.feed.stream.handler(() => watcher)(req, res, next);

    if (res.headersSent) options.feed.watch(watcher, status, res);
  });
}
