import {
  authedUser,
  entityIdFor,
  idempotencyKeyOf,
  isObjectId,
  NotAuthorizedError,
  NotFoundError,
  ObjectIdString,
  parseBody,
  QUEUE_PASS_HEADER,
  requireAuth,
  verifyQueuePass,
} from '@ticketing/common';
import { Router } from 'express';
import { z } from 'zod';
import { placeOrder } from '../models/place-order';
import { findReplicatedTicket } from '../models/ticket-replica';

const CreateOrderBody = z.object({ ticketId: ObjectIdString });

/**
 * POST /api/orders { ticketId }: 201 order; 400 bad id or own ticket, 401, 404 unknown ticket, 409 reserved or sold,
 * 403 "Join the queue for this event" while the event's waiting room is open without a `Queue-Pass` header admitting
 * the buyer (DESIGN §13), or with a pass already used for ORDERS_MAX_OPEN_PER_BUYER orders; 429 when the buyer
 * already holds ORDERS_MAX_OPEN_PER_BUYER unpaid orders.
 * A retry with the same Idempotency-Key gets the first order, never a second one nor a 409 from its own lock.
 */
export function createOrderRouter(options: {
  expirationWindowSeconds: number;
  maxOpenPerBuyer: number;
  queuePassKey: string;
}): Router {
  return Router().post('/api/orders', requireAuth, async (req, res) => {
    const { ticketId } = parseBody(CreateOrderBody, req);
    const user = authedUser(req);
    // Every id auth issues is an ObjectId, and OrderCreated requires one: a session saying otherwise is not ours.
    if (!isObjectId(user.id)) throw new NotAuthorizedError();
    const ticket = await findReplicatedTicket(ticketId);
    if (!ticket) throw new NotFoundError('ticket');
    const id = await entityIdFor('create-order', { userId: user.id, key: idempotencyKeyOf(req), body: { ticketId } });
    const order = await placeOrder({
      id,
      ticket,
      userId: user.id,
      // Verified here whatever the ticket: placeOrder decides whether the event's room needs it.
      pass: verifyQueuePass(req.get(QUEUE_PASS_HEADER), options.queuePassKey),
      windowSeconds: options.expirationWindowSeconds,
      maxOpenPerBuyer: options.maxOpenPerBuyer,
    });
    res.status(201).json(order);
  });
}
