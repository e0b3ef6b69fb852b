// The cardholder's answer to a 3-D Secure challenge. On Stripe it reaches the issuer through Stripe's own pages, not
// the API; here the fake's challenge page (routes/three-d-secure.ts) stands in for both.
import { invalidRequest, StripeApiError } from '../errors';
import { NO_REQUEST } from '../objects/event';
import type { PaymentIntent } from '../objects/payment-intent';
import type { StripeState } from '../state';
import { chargePaymentMethod } from './confirm';

export type ChallengeAnswer = 'complete' | 'fail';

/** Stripe's message for a failed authentication, which Stripe.js and the API both pass on to the buyer. */
export const AUTHENTICATION_FAILED =
  'We are unable to authenticate your payment method. Please choose a different payment method and try again.';

/**
 * Applies the answer to an intent in `requires_action`. `complete` charges the card (automatic confirmation: nothing
 * else has to confirm it), so the intent ends `succeeded` (or declined, for a card that declines after its check).
 * `fail` charges nothing and sends the intent back to `requires_payment_method` with the authentication failure in
 * `last_payment_error`, as Stripe does. Throws a 400 for an intent that is not waiting for authentication.
 */
export function answerChallenge(
  state: StripeState,
  intent: PaymentIntent,
  answer: ChallengeAnswer,
  now: number,
): PaymentIntent {
  const method = intent.payment_method === null ? undefined : state.paymentMethods.get(intent.payment_method);
  if (intent.status !== 'requires_action' || method === undefined) {
    throw invalidRequest(`This PaymentIntent is not waiting for authentication: its status is ${intent.status}.`, {
      code: 'payment_intent_unexpected_state',
    });
  }
  if (answer === 'fail') {
    Object.assign(intent, {
      status: 'requires_payment_method',
      payment_method: null,
      next_action: null,
      last_payment_error: {
        type: 'invalid_request_error',
        code: 'payment_intent_authentication_failure',
        doc_url: 'https://stripe.com/docs/error-codes/payment-intent-authentication-failure',
        message: AUTHENTICATION_FAILED,
        payment_method: method.json,
      },
    } satisfies Partial<PaymentIntent>);
    // The answer came from the challenge page, not from an API request: the event names no request.
    state.publish({ type: 'payment_intent.payment_failed', object: intent, request: NO_REQUEST }, now);
    return intent;
  }
  try {
    return chargePaymentMethod(state, intent, method, now, NO_REQUEST);
  } catch (error) {
    // A decline after authentication is recorded on the intent (last_payment_error), which is the answer here.
    if (error instanceof StripeApiError && error.status === 402) return intent;
    throw error;
  }
}
