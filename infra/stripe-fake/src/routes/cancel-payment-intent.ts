// POST /v1/payment_intents/:id/cancel (https://docs.stripe.com/api/payment_intents/cancel): after it, no charge can be
// made through the intent; confirming it (the server, or Stripe.js after a 3-D Secure challenge) is refused.
import { z } from 'zod';
import { invalidRequest, resourceMissing } from '../errors';
import type { PaymentIntent, PaymentIntentStatus } from '../objects/payment-intent';
import type { Operation } from '../operation';
import { unsupportedExpand } from '../params/fields';
import { parseParams } from '../params/parse-params';

// Stripe also cancels `processing` intents "in rare cases" (some bank debits); a card payment never stays there.
const CANCELABLE: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
];

// The caller-settable reasons; `automatic` is Stripe's own (an expired intent).
const CancelPaymentIntentParams = z.strictObject({
  cancellation_reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned']).optional(),
  expand: unsupportedExpand.optional(),
});

/**
 * Cancels an intent that has not been charged. A succeeded or already canceled intent is refused with Stripe's 400
 * `payment_intent_unexpected_state`, carrying the intent as it is: the caller learns from the error that the money
 * moved (succeeded) rather than that it was stopped.
 */
export const cancelPaymentIntentRoute: Operation = ({ state, now, params: raw, id }) => {
  const intent = state.paymentIntents.get(id);
  if (intent === undefined) throw resourceMissing('payment_intent', id, 'intent', 404);
  const params = parseParams(CancelPaymentIntentParams, raw);
  if (!CANCELABLE.includes(intent.status)) {
    throw invalidRequest(
      `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with ` +
        `one of the following statuses may be canceled: ${[...CANCELABLE, 'processing'].join(', ')}.`,
      { code: 'payment_intent_unexpected_state', payment_intent: intent },
    );
  }
  Object.assign(intent, {
    status: 'canceled',
    canceled_at: now,
    cancellation_reason: params.cancellation_reason ?? null,
    next_action: null,
  } satisfies Partial<PaymentIntent>);
  return { status: 200, body: intent };
};
