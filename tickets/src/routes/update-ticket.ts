import { authedUser, idParam, parseBody, requireAuth, undecodableIdIsNotFound } from '@ticketing/common';
import { Router } from 'express';
import { updateTicket } from '../models/update-ticket';
import { TicketBody } from './ticket-fields';

/** PUT /api/tickets/:id: the seller edits title and price; 403 not theirs, 409 reserved or sold (models/update-ticket). */
export const updateTicketRouter = Router()
  .put('/api/tickets/:id', requireAuth, async (req, res) => {
    const id = idParam(req.params.id, 'ticket');
    const body = parseBody(TicketBody, req);
    res.json(await updateTicket(id, authedUser(req).id, body));
  })
  .use(undecodableIdIsNotFound('ticket'));
