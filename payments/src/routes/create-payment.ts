import { authedUser, idempotencyKeyOf, type Logger, ObjectIdString, parseBody, requireAuth } from '@ticketing/common';
import { type Request, Router } from 'express';
import { z } from 'zod';
import { payOrder } from '../models/pay-order';

/**
 * A Stripe PaymentMethod id or test token (`pm_card_visa`). Checked here so that nothing but a plausible id reaches
 * Stripe: Stripe stores its answer to a bad one under the order's idempotency key, which spends it.
 */
const PaymentMethod = z
  .string()
  .max(255, 'must be at most 255 characters')
  .regex(/^pm_[A-Za-z0-9_]+$/, 'must be a Stripe PaymentMethod id (pm_...)');

const CreatePaymentBody = z.object({ orderId: ObjectIdString, paymentMethod: PaymentMethod });

/** The request's logger (pino-http's `req.log`, with its reqId), typed here without depending on pino-http. */
function requestLog(req: Request, fallback: Logger): Logger {
  return (req as Request & { log?: Logger }).log ?? fallback;
}

/** POST /api/payments: pays one of my orders (DESIGN §3); a retry with the same Idempotency-Key gets the first answer. */
export function createPaymentRouter(log: Logger): Router {
  return Router().post('/api/payments', requireAuth, async (req, res) => {
    const { orderId, paymentMethod } = parseBody(CreatePaymentBody, req);
    const idempotencyKey = idempotencyKeyOf(req);
    const charge = await payOrder(
      { userId: authedUser(req).id, orderId, paymentMethod, ...(idempotencyKey !== undefined && { idempotencyKey }) },
      requestLog(req, log),
    );
    res.status(201).json(charge);
  });
}
