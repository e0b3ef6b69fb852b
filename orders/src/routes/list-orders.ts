import { authedUser, pageQuery, parseQuery, requireAuth } from '@ticketing/common';
import { Router } from 'express';
import { listOrdersOf } from '../models/order';

const ListOrdersQuery = pageQuery('order');

/**
 * GET /api/orders: 200 a page of the signed-in buyer's orders with their tickets, newest first, `limit` (default 50,
 * at most 100) and `before=<id>` (the last order of the previous page) as GET /api/tickets; 400 naming a bad
 * parameter; 401.
 */
export const listOrdersRouter = Router().get('/api/orders', requireAuth, async (req, res) => {
  const page = parseQuery(ListOrdersQuery, req);
  res.json(await listOrdersOf(authedUser(req).id, page));
});
