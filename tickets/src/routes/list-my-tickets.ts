import { authedUser, parseQuery, requireAuth } from '@ticketing/common';
import { Router } from 'express';
import { listTickets } from '../models/find-tickets';
import { ListTicketsQuery } from './list-tickets';

/**
 * GET /api/tickets/mine (extending DESIGN §3): the signed-in seller's tickets, newest first, with their status, in
 * pages as GET /api/tickets (`limit`, `before`). 401 when signed out. Registered before GET /api/tickets/:id.
 */
export const listMyTicketsRouter = Router().get('/api/tickets/mine', requireAuth, async (req, res) => {
  const query = parseQuery(ListTicketsQuery, req);
  res.json(await listTickets({ ...query, userId: authedUser(req).id }));
});
