import { authedUser, NotFoundError, requireAuth, type QueueStatusJson, type Redis } from '@ticketing/common';
import { Router } from 'express';
import { statusJson } from '../rooms/queue-status';
import { roomStatus } from '../rooms/rooms';
import { eventIdParam } from './event-id-param';

/**
 * The signed-in buyer's status in the room of `eventId`: 404 without a room, or when the buyer has no place in an
 * open one (a closed room answers closed to everyone).
 */
export async function findQueueStatus(
  redis: Redis,
  passKey: string,
  eventId: string,
  userId: string,
): Promise<QueueStatusJson> {
  const read = await roomStatus(redis, eventId, userId);
  if (read.outcome === 'no-room') throw new NotFoundError('waiting room');
  const status = statusJson(read.place, read.room, { eventId, userId, passKey });
  if (!status) throw new NotFoundError('place in the queue');
  return status;
}

/** GET /api/queue/:eventId (DESIGN §13): the buyer's status. 400 malformed id, 401 signed out, 404 as above. */
export function showQueueStatusRouter(options: { redis: Redis; passKey: string }): Router {
  return Router().get('/api/queue/:eventId', requireAuth, async (req, res) => {
    const eventId = eventIdParam(req.params.eventId);
    res.json(await findQueueStatus(options.redis, options.passKey, eventId, authedUser(req).id));
  });
}
