import { idParam, NotFoundError, undecodableIdIsNotFound } from '@ticketing/common';
import { Router } from 'express';
import { findTicket } from '../models/find-tickets';

/** GET /api/tickets/:id: the ticket as stored, newest version; 404 for an unknown id (a malformed one too). */
export const showTicketRouter = Router()
  .get('/api/tickets/:id', async (req, res) => {
    const ticket = await findTicket(idParam(req.params.id, 'ticket'));
    if (!ticket) throw new NotFoundError('ticket');
    res.json(ticket);
  })
  .use(undecodableIdIsNotFound('ticket'));
