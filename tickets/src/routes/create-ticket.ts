import { authedUser, parseBody, requireAuth } from '@ticketing/common';
import { Router } from 'express';
import { createTicket } from '../models/create-ticket';
import { TicketBody } from './ticket-fields';

/** POST /api/tickets: the signed-in user lists a ticket; 201 with the ticket at version 0. */
export const createTicketRouter = Router().post('/api/tickets', requireAuth, async (req, res) => {
  const body = parseBody(TicketBody, req);
  const ticket = await createTicket({ ...body, userId: authedUser(req).id });
  res.status(201).json(ticket);
});
