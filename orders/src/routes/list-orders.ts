import { authedUser, requireAuth } from '@ticketing/common';
import { Router } from 'express';
import { listOrdersOf } from '../models/order';

/** GET /api/orders: 200 the signed-in user's orders with their tickets, newest first; 401. */
export const listOrdersRouter = Router().get('/api/orders', requireAuth, async (req, res) => {
  res.json(await listOrdersOf(authedUser(req).id));
});
