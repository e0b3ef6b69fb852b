// POST /v1/payment_intents/:id/confirm (https://docs.stripe.com/api/payment_intents/confirm): charges an intent
// created without `confirm=true`, or retries one whose card was declined, with another payment method.
import { z } from 'zod';
import { resourceMissing } from '../errors';
import type { Operation } from '../operation';
import { assertConfirmable, confirmPaymentIntent, requireReturnUrlIfRedirectable } from '../operations/confirm';
import { resolvePaymentMethod } from '../operations/resolve-payment-method';
import { booleanParam, nonEmptyStringParam, unsupportedExpand } from '../params/fields';
import { parseParams } from '../params/parse-params';

const ConfirmPaymentIntentParams = z.strictObject({
  payment_method: nonEmptyStringParam.optional(),
  return_url: nonEmptyStringParam.optional(),
  use_stripe_sdk: booleanParam.optional(),
  expand: unsupportedExpand.optional(),
});

export const confirmPaymentIntentRoute: Operation = ({ state, now, params: raw, id, origin, request }) => {
  const intent = state.paymentIntents.get(id);
  if (intent === undefined) throw resourceMissing('payment_intent', id, 'intent', 404);
  const params = parseParams(ConfirmPaymentIntentParams, raw);
  const paymentMethodId = params.payment_method ?? intent.payment_method ?? undefined;
  assertConfirmable(intent, paymentMethodId);
  requireReturnUrlIfRedirectable(intent.automatic_payment_methods, params.return_url);

  confirmPaymentIntent(state, intent, resolvePaymentMethod(state, paymentMethodId, now), now, {
    origin,
    useStripeSdk: params.use_stripe_sdk === true,
    returnUrl: params.return_url,
    request,
  });
  return { status: 200, body: intent };
};
