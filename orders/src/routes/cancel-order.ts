import { authedUser, ConflictError, ForbiddenError, isObjectId, NotFoundError, requireAuth } from '@ticketing/common';
import { Router } from 'express';
import { cancelOrder } from '../models/cancel-order';
import { findOrder } from '../models/order';

/**
 * DELETE /api/orders/:id: 200 the cancelled order (also when it was already cancelled: cancelling is idempotent);
 * 401, 403 not mine, 404 (a malformed id too), 409 already completed.
 */
export function cancelOrderRouter(): Router {
  return Router().delete('/api/orders/:id', requireAuth, async (req, res) => {
    const { id } = req.params;
    if (!isObjectId(id)) throw new NotFoundError('order');
    // The owner never changes, so checking it before the cancel is not a check-then-write race.
    const order = await findOrder(id);
    if (!order) throw new NotFoundError('order');
    if (order.userId !== authedUser(req).id) throw new ForbiddenError();
    const result = await cancelOrder(id, 'buyer');
    if (result.outcome === 'not-found') throw new NotFoundError('order');
    if (result.outcome === 'completed') throw new ConflictError('Order is already completed');
    res.json(result.order);
  });
}
