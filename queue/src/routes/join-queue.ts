import { authedUser, ConflictError, NotFoundError, requireAuth, type Redis } from '@ticketing/common';
import { Router } from 'express';
import { recordJoined } from '../rooms/queue-metrics';
import { statusJson } from '../rooms/queue-status';
import { joinRoom } from '../rooms/rooms';
import { eventIdParam } from './event-id-param';

/**
 * POST /api/queue/:eventId (DESIGN §13): the signed-in buyer takes a place in the event's room, one per user; again,
 * the same place; again after their pass ran out unused, a new place at the back. Answers the status. 400 for a
 * malformed id, 401 signed out, 404 without a room, 409 before the room opens or once it is closed.
 */
export function joinQueueRouter(options: { redis: Redis; passKey: string }): Router {
  return Router().post('/api/queue/:eventId', requireAuth, async (req, res) => {
    const eventId = eventIdParam(req.params.eventId);
    const userId = authedUser(req).id;

    const joined = await joinRoom(options.redis, eventId, userId);

    switch (joined.outcome) {
      case 'no-room':
        throw new NotFoundError('waiting room');
      case 'not-open':
        throw new ConflictError(`The queue opens at ${joined.room.opensAt.toISOString()}`);
      case 'closed':
        throw new ConflictError(`The queue is closed: ${joined.reason}`);
      default: {
        if (joined.outcome === 'joined') recordJoined(eventId);
        res.json(statusJson(joined.place, joined.room, { eventId, userId, passKey: options.passKey }));
      }
    }
  });
}
