import { pageQuery, parseQuery } from '@ticketing/common';
import { Router } from 'express';
import { listTickets } from '../models/find-tickets';

/** `limit` and `before` of a page of tickets (shared by the list and the seller's own list). */
export const ListTicketsQuery = pageQuery('ticket');

/** GET /api/tickets: newest first, `limit` (default 50, at most 100), `before=<id>` for the next page. */
export const listTicketsRouter = Router().get('/api/tickets', async (req, res) => {
  const query = parseQuery(ListTicketsQuery, req);
  res.json(await listTickets(query));
});
