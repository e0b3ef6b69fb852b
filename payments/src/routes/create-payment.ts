import { authedUser, idempotencyKeyOf, ObjectIdString, parseBody, requireAuth } from '@ticketing/common';
import { Router } from 'express';
import { z } from 'zod';
import { payOrder } from '../models/pay-order';
import { sendPaymentOutcome } from './payment-response';

/**
 * A Stripe PaymentMethod id or test token (`pm_card_visa`). Checked here so that nothing but a plausible id reaches
 * Stripe: Stripe stores its answer to a bad one under the order's idempotency key, which spends it.
 */
const PaymentMethod = z
  .string()
  .max(255, 'must be at most 255 characters')
  .regex(/^pm_[A-Za-z0-9_]+$/, 'must be a Stripe PaymentMethod id (pm_...)');

const CreatePaymentBody = z.object({ orderId: ObjectIdString, paymentMethod: PaymentMethod });

/**
 * POST /api/payments: pays one of my orders (DESIGN §3); 202 when the card needs 3-D Secure (payment-response.ts); a
 * retry with the same Idempotency-Key gets the first answer.
 */
export const createPaymentRouter = Router().post('/api/payments', requireAuth, async (req, res) => {
  const { orderId, paymentMethod } = parseBody(CreatePaymentBody, req);
  const idempotencyKey = idempotencyKeyOf(req);
  const outcome = await payOrder(
    { userId: authedUser(req).id, orderId, paymentMethod, ...(idempotencyKey !== undefined && { idempotencyKey }) },
    req.log,
  );
  sendPaymentOutcome(res, outcome);
});
