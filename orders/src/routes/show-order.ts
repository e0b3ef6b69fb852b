import { authedUser, ForbiddenError, isObjectId, NotFoundError, requireAuth } from '@ticketing/common';
import { Router } from 'express';
import { findOrder } from '../models/order';

/** GET /api/orders/:id: 200 order; 401, 403 not mine, 404 (a malformed id too). */
export function showOrderRouter(): Router {
  return Router().get('/api/orders/:id', requireAuth, async (req, res) => {
    const { id } = req.params;
    const order = isObjectId(id) ? await findOrder(id) : null;
    if (!order) throw new NotFoundError('order');
    if (order.userId !== authedUser(req).id) throw new ForbiddenError();
    res.json(order);
  });
}
