// GET /v1/payment_intents/:id (https://docs.stripe.com/api/payment_intents/retrieve).
import { z } from 'zod';
import { resourceMissing } from '../errors';
import type { Operation } from '../operation';
import { unsupportedExpand } from '../params/fields';
import { parseParams } from '../params/parse-params';

// client_secret is what publishable-key callers pass; with a secret key Stripe accepts and ignores it.
const RetrievePaymentIntentParams = z.strictObject({
  client_secret: z.string().optional(),
  expand: unsupportedExpand.optional(),
});

export const retrievePaymentIntent: Operation = ({ state, params, id }) => {
  const intent = state.paymentIntents.get(id);
  // Stripe names the URL's id `intent` in this error's param.
  if (intent === undefined) throw resourceMissing('payment_intent', id, 'intent', 404);
  parseParams(RetrievePaymentIntentParams, params);
  return { status: 200, body: intent };
};
