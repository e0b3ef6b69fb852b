import {
  authedUser,
  isObjectId,
  NotAuthorizedError,
  NotFoundError,
  ObjectIdString,
  parseBody,
  requireAuth,
} from '@ticketing/common';
import { Router } from 'express';
import { z } from 'zod';
import { placeOrder } from '../models/place-order';
import { findTicket } from '../models/ticket-replica';

const CreateOrderBody = z.object({ ticketId: ObjectIdString });

/** POST /api/orders { ticketId }: 201 order; 400 bad id or own ticket, 401, 404 unknown ticket, 409 reserved or sold. */
export function createOrderRouter(options: { expirationWindowSeconds: number }): Router {
  return Router().post('/api/orders', requireAuth, async (req, res) => {
    const { ticketId } = parseBody(CreateOrderBody, req);
    const user = authedUser(req);
    // Every id auth issues is an ObjectId, and OrderCreated requires one: a session saying otherwise is not ours.
    if (!isObjectId(user.id)) throw new NotAuthorizedError();
    const ticket = await findTicket(ticketId);
    if (!ticket) throw new NotFoundError('ticket');
    const order = await placeOrder({ ticket, userId: user.id, windowSeconds: options.expirationWindowSeconds });
    res.status(201).json(order);
  });
}
