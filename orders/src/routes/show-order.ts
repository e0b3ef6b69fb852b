import { requireAuth, undecodableIdIsNotFound } from '@ticketing/common';
import { Router } from 'express';
import { findOwnOrder } from './own-order';

/** GET /api/orders/:id: 200 order; 401, 403 not mine, 404 (a malformed id too). */
export const showOrderRouter = Router()
  .get('/api/orders/:id', requireAuth, async (req, res) => {
    res.json(await findOwnOrder(req));
  })
  .use(undecodableIdIsNotFound('order'));
