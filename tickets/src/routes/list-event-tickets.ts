import { idParam, NotFoundError, parseQuery, undecodableIdIsNotFound } from '@ticketing/common';
import { Router } from 'express';
import { findEvent, listEventTickets } from '../models/find-events';
import { EventTicketsQuery } from './event-fields';

/**
 * GET /api/events/:id/tickets (DESIGN §12): `{ tickets, next? }`, the event's listings on sale, cheapest first;
 * `limit` (default 20, at most 100) and `after` (the previous page's `next`). 404 for an unknown event.
 */
export const listEventTicketsRouter = Router()
  .get('/api/events/:id/tickets', async (req, res) => {
    const id = idParam(req.params.id, 'event');
    const page = parseQuery(EventTicketsQuery, req);
    const [event, tickets] = await Promise.all([findEvent(id), listEventTickets(id, page)]);
    if (!event) throw new NotFoundError('event');
    res.json(tickets);
  })
  .use(undecodableIdIsNotFound('event'));
