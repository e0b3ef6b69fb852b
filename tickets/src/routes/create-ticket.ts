import { authedUser, entityIdFor, idempotencyKeyOf, parseBody, requireAuth } from '@ticketing/common';
import { Router } from 'express';
import { createTicket } from '../models/create-ticket';
import { TicketBody } from './ticket-fields';

/**
 * POST /api/tickets: the signed-in user lists a ticket; 201 with the ticket at version 0. A retry with the same
 * Idempotency-Key gets the same ticket, never a second one.
 */
export const createTicketRouter = Router().post('/api/tickets', requireAuth, async (req, res) => {
  const body = parseBody(TicketBody, req);
  const userId = authedUser(req).id;
  const id = await entityIdFor('create-ticket', { userId, key: idempotencyKeyOf(req), body });
  res.status(201).json(await createTicket({ id, ...body, userId }));
});
