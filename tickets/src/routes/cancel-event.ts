import { idParam, requireAdmin, requireAuth, undecodableIdIsNotFound } from '@ticketing/common';
import { Router } from 'express';
import { cancelEvent } from '../models/cancel-event';

/**
 * POST /api/events/:id/cancel (DESIGN §12): an admin calls the event off; 200 with the cancelled event (again for a
 * second call), 401, 403 not an admin, 404, 409 once it has started (models/cancel-event).
 */
export const cancelEventRouter = Router()
  .post('/api/events/:id/cancel', requireAuth, requireAdmin, async (req, res) => {
    res.json(await cancelEvent(idParam(req.params.id, 'event')));
  })
  .use(undecodableIdIsNotFound('event'));
