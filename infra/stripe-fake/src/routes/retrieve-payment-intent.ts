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

/**
 * With a secret key any intent is read. With a publishable key (Stripe.js in a browser) only one whose client_secret
 * the caller holds; any other answers as an unknown id does, so that a browser learns nothing of other intents.
 */
export const retrievePaymentIntent: Operation = ({ state, params, id, publishable }) => {
  const intent = state.paymentIntents.get(id);
  // Stripe names the URL's id `intent` in this error's param.
  if (intent === undefined) throw resourceMissing('payment_intent', id, 'intent', 404);
  const { client_secret } = parseParams(RetrievePaymentIntentParams, params);
  if (publishable && client_secret !== intent.client_secret) throw resourceMissing('payment_intent', id, 'intent', 404);
  return { status: 200, body: intent };
};
