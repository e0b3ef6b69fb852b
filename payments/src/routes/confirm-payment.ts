import { authedUser, ObjectIdString, parseBody, requireAuth } from '@ticketing/common';
import { Router } from 'express';
import { z } from 'zod';
import { confirmPayment } from '../models/finish-payment';
import { sendPaymentOutcome } from './payment-response';

const ConfirmPaymentBody = z.object({ orderId: ObjectIdString });

/**
 * POST /api/payments/confirm `{ orderId }` (extending DESIGN §3): after the browser has handled a 3-D Secure
 * challenge (stripe.handleNextAction), payments reads the order's PaymentIntent from Stripe and completes or fails
 * the charge, with ChargeCreated, once. 201 / 202 as POST /api/payments; 402 when authentication failed or the card
 * was declined (the order is then cancelled); 409 when the order was cancelled meanwhile and the payment refunded;
 * 404 for an unknown order or one with no payment; 403 for another buyer's order; 503 when Stripe is unreachable.
 */
export const confirmPaymentRouter = Router().post('/api/payments/confirm', requireAuth, async (req, res) => {
  const { orderId } = parseBody(ConfirmPaymentBody, req);
  sendPaymentOutcome(res, await confirmPayment({ userId: authedUser(req).id, orderId }, req.log));
});
