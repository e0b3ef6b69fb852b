import { idParam, NotFoundError, undecodableIdIsNotFound } from '@ticketing/common';
import { Router } from 'express';
import { findEvent } from '../models/find-events';

/** GET /api/events/:id (DESIGN §12): the event with its listing summary; 404 for an unknown id (a malformed one too). */
export const showEventRouter = Router()
  .get('/api/events/:id', async (req, res) => {
    const event = await findEvent(idParam(req.params.id, 'event'));
    if (!event) throw new NotFoundError('event');
    res.json(event);
  })
  .use(undecodableIdIsNotFound('event'));
