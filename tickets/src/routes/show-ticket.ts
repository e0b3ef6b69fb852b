import { NotFoundError } from '@ticketing/common';
import { Router } from 'express';
import { findTicket } from '../models/find-tickets';
import { ticketIdParam, undecodableTicketId } from './ticket-fields';

/** GET /api/tickets/:id: the newest version, read from the log (not the list's view). */
export const showTicketRouter = Router()
  .get('/api/tickets/:id', async (req, res) => {
    const ticket = await findTicket(ticketIdParam(req.params.id));
    if (!ticket) throw new NotFoundError('ticket');
    res.json(ticket);
  })
  .use(undecodableTicketId);
