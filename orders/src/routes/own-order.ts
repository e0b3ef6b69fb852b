import { authedUser, ForbiddenError, idParam, NotFoundError } from '@ticketing/common';
import type { Request } from 'express';
import { findOrder, type OrderJson } from '../models/order';

/**
 * The order named by the path's `:id`, if it is the signed-in buyer's: 404 when there is none (a malformed id too),
 * 403 when it is someone else's. The owner never changes, so a write after this check is not a check-then-write race.
 */
export async function findOwnOrder(req: Request): Promise<OrderJson> {
  const order = await findOrder(idParam(req.params.id, 'order'));
  if (!order) throw new NotFoundError('order');
  if (order.userId !== authedUser(req).id) throw new ForbiddenError();
  return order;
}
