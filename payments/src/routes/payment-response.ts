import type { PendingChargeJson } from '@ticketing/common';
import type { Response } from 'express';
import type { PaymentOutcome } from '../models/finish-payment';

/**
 * The answer of POST /api/payments and POST /api/payments/confirm (extending DESIGN §3): 201 with the completed
 * charge; 202 with the charge (still `created`) plus `requiresAction: true` and the PaymentIntent's `clientSecret`
 * when the card needs 3-D Secure (the browser runs stripe.handleNextAction with it, then confirms); 202 with
 * `requiresAction: false` while Stripe is still processing. Declines and refusals are errors, thrown before this.
 */
export function sendPaymentOutcome(res: Response, outcome: PaymentOutcome): void {
  switch (outcome.kind) {
    case 'completed':
      res.status(201).json(outcome.charge);
      return;
    case 'requires-action':
      res.status(202).json({
        ...outcome.charge,
        requiresAction: true,
        clientSecret: outcome.clientSecret,
      } satisfies PendingChargeJson);
      return;
    case 'processing':
      res.status(202).json({ ...outcome.charge, requiresAction: false } satisfies PendingChargeJson);
  }
}
