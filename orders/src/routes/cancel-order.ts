import { ConflictError, NotFoundError, requireAuth, undecodableIdIsNotFound } from '@ticketing/common';
import { Router } from 'express';
import { cancelOrder } from '../models/cancel-order';
import { findOwnOrder } from './own-order';

/**
 * DELETE /api/orders/:id: 200 the cancelled order (also when it was already cancelled: cancelling is idempotent);
 * 401, 403 not mine, 404 (a malformed id too), 409 already completed.
 */
export const cancelOrderRouter = Router()
  .delete('/api/orders/:id', requireAuth, async (req, res) => {
    const order = await findOwnOrder(req);
    const result = await cancelOrder(order.id, 'buyer');
    if (result.outcome === 'not-found') throw new NotFoundError('order');
    if (result.outcome === 'completed') throw new ConflictError('Order is already completed');
    res.json(result.order);
  })
  .use(undecodableIdIsNotFound('order'));
