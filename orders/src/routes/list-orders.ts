import { authedUser, pageQuery, parseQuery, requireAuth, type OrderJson } from '@ticketing/common';
import { Router } from 'express';
import type { KeyObject } from 'node:crypto';
import { viewOrder } from '../eticket/order-view';
import { listOrdersOf } from '../models/order';

const ListOrdersQuery = pageQuery('order');

/**
 * GET /api/orders: 200 a page of the orders the signed-in user bought or was given (DESIGN §12), each as they see it,
 * with their tickets, newest first, `limit` (default 50, at most 100) and `before=<id>` (the last order of the
 * previous page) as GET /api/tickets; 400 naming a bad parameter; 401.
 */
export function listOrdersRouter(privateKey: KeyObject): Router {
  return Router().get('/api/orders', requireAuth, async (req, res) => {
    const page = parseQuery(ListOrdersQuery, req);
    const userId = authedUser(req).id;
    const docs = await listOrdersOf(userId, page);
    // Every order of the page is the user's (the query's $or), so none is null.
    res.json(docs.map((doc) => viewOrder(doc, userId, privateKey)).filter((order): order is OrderJson => !!order));
  });
}
