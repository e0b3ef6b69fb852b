import {
  authedUser,
  ForbiddenError,
  idParam,
  NotFoundError,
  requireAuth,
  undecodableIdIsNotFound,
} from '@ticketing/common';
import { Router } from 'express';
import type { KeyObject } from 'node:crypto';
import { viewOrder } from '../eticket/order-view';
import { orders } from '../models/order';

/**
 * GET /api/orders/:id: 200 the order as the signed-in user sees it (its e-ticket for its holder, DESIGN §12); 401, 403
 * neither bought nor held by them, 404 (a malformed id too).
 */
export function showOrderRouter(privateKey: KeyObject): Router {
  return Router()
    .get('/api/orders/:id', requireAuth, async (req, res) => {
      const order = await orders.find(idParam(req.params.id, 'order'));
      if (!order) throw new NotFoundError('order');
      const view = viewOrder(order, authedUser(req).id, privateKey);
      if (!view) throw new ForbiddenError();
      res.json(view);
    })
    .use(undecodableIdIsNotFound('order'));
}
