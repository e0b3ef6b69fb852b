import { idParam, NotFoundError, undecodableIdIsNotFound } from '@ticketing/common';
import { Router } from 'express';
import { findTicket } from '../models/find-tickets';

/** GET /api/tickets/:id: the newest version, read from the log (not the list's view). */
export const showTicketRouter = Router()
  .get('/api/tickets/:id', async (req, res) => {
    const ticket = await findTicket(idParam(req.params.id, 'ticket'));
    if (!ticket) throw new NotFoundError('ticket');
    res.json(ticket);
  })
  .use(undecodableIdIsNotFound('ticket'));
