// Confirming a PaymentIntent: the card is charged at once (automatic capture), and either the intent succeeds or the
// charge is declined, as Stripe's test cards are (https://docs.stripe.com/testing#declined-payments); a card whose
// issuer asks for 3-D Secure first leaves the intent in requires_action (https://docs.stripe.com/testing#regulatory-cards).
import { invalidRequest, StripeApiError } from '../errors';
import { newId } from '../ids';
import { newCharge } from '../objects/charge';
import type { EventRequest } from '../objects/event';
import type { NextAction, PaymentIntent, PaymentIntentStatus } from '../objects/payment-intent';
import type { StoredPaymentMethod } from '../objects/payment-method';
import type { StripeState } from '../state';
import { openDispute } from './open-dispute';

const CONFIRMABLE: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
];

/**
 * Since API version 2023-08-16 a PaymentIntent created without `payment_method_types` accepts the Dashboard's
 * payment methods, some of which redirect; Stripe then refuses to confirm without a `return_url`, unless redirects
 * are turned off with `automatic_payment_methods[allow_redirects]=never`. The fake enforces it so that code which
 * works here also works against Stripe.
 */
export function requireReturnUrlIfRedirectable(
  automatic: PaymentIntent['automatic_payment_methods'],
  returnUrl: string | undefined,
): void {
  if (automatic?.enabled !== true || automatic.allow_redirects === 'never' || returnUrl !== undefined) return;
  throw invalidRequest(
    'A `return_url` must be specified because this Payment Intent is configured to automatically accept the payment ' +
      'methods enabled in the Dashboard, some of which may require a full page redirect to succeed. If you do not ' +
      'want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and ' +
      '`automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.',
    {},
    { beforeExecution: true },
  );
}

/** Refuses to confirm an intent that is past confirmation (succeeded, canceled...) or has no payment method. */
export function assertConfirmable(
  intent: PaymentIntent,
  paymentMethodId: string | null | undefined,
): asserts paymentMethodId is string {
  if (!CONFIRMABLE.includes(intent.status)) {
    throw invalidRequest(
      `You cannot confirm this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with ` +
        `one of the following statuses may be confirmed: ${CONFIRMABLE.join(', ')}.`,
      { code: 'payment_intent_unexpected_state', payment_intent: intent },
    );
  }
  if (paymentMethodId === undefined || paymentMethodId === null) {
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the " +
        'PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.',
      { code: 'payment_intent_unexpected_state', payment_intent: intent },
    );
  }
}

/** How a confirmation asks for the next action, when the card needs one. */
export interface ConfirmOptions {
  /** `http://127.0.0.1:12111`: where the fake is reached, for the challenge page's URL in `next_action`. */
  origin: string;
  /** `use_stripe_sdk=true` (Stripe.js handles the action) gives `use_stripe_sdk`; otherwise `redirect_to_url`. */
  useStripeSdk: boolean;
  returnUrl: string | undefined;
  /** The API request confirming, named by the events the charge causes. */
  request: EventRequest;
}

/**
 * Confirms the intent with the payment method: a card that needs 3-D Secure leaves it `requires_action` with a
 * `next_action` and charges nothing yet; any other card is charged at once ({@link chargePaymentMethod}).
 */
export function confirmPaymentIntent(
  state: StripeState,
  intent: PaymentIntent,
  paymentMethod: StoredPaymentMethod,
  now: number,
  options: ConfirmOptions,
): PaymentIntent {
  if (!paymentMethod.requiresAuthentication) {
    return chargePaymentMethod(state, intent, paymentMethod, now, options.request);
  }
  Object.assign(intent, {
    status: 'requires_action',
    payment_method: paymentMethod.json.id,
    last_payment_error: null,
    next_action: nextAction(intent, options),
  } satisfies Partial<PaymentIntent>);
  return intent;
}

/** The URL of the fake's challenge page for this intent: the stand-in for the issuer's 3-D Secure page. */
export function challengeUrl(origin: string, intent: PaymentIntent): string {
  return `${origin}/3d_secure_2/${intent.id}?client_secret=${encodeURIComponent(intent.client_secret)}`;
}

function nextAction(intent: PaymentIntent, options: ConfirmOptions): NextAction {
  const url = challengeUrl(options.origin, intent);
  if (options.useStripeSdk) {
    return {
      type: 'use_stripe_sdk',
      use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url, source: newId('src') },
    };
  }
  return { type: 'redirect_to_url', redirect_to_url: { url, return_url: options.returnUrl ?? null } };
}

/**
 * Charges the payment method for the whole amount. On success the intent is `succeeded` with `latest_charge` set
 * (and `payment_intent.succeeded` is sent; a dispute follows for the disputing test card). On a decline the intent
 * goes back to `requires_payment_method` with `last_payment_error`, the failed charge stays recorded (as on Stripe),
 * `payment_intent.payment_failed` is sent, and a 402 card_error is thrown carrying the intent as it now is.
 */
export function chargePaymentMethod(
  state: StripeState,
  intent: PaymentIntent,
  paymentMethod: StoredPaymentMethod,
  now: number,
  request: EventRequest,
): PaymentIntent {
  const { decline, json: method } = paymentMethod;
  const charge = newCharge({
    amount: intent.amount,
    currency: intent.currency,
    paymentIntent: intent.id,
    paymentMethod: method.id,
    status: decline === undefined ? 'succeeded' : 'failed',
    transferGroup: intent.transfer_group,
    failure: decline === undefined ? null : { code: decline.code, message: decline.message },
    created: now,
  });
  state.charges.set(charge.id, charge);
  intent.latest_charge = charge.id;

  if (decline === undefined) {
    Object.assign(intent, {
      status: 'succeeded',
      amount_received: intent.amount,
      payment_method: method.id,
      last_payment_error: null,
      next_action: null,
    } satisfies Partial<PaymentIntent>);
    state.publish({ type: 'payment_intent.succeeded', object: intent, request }, now);
    if (paymentMethod.disputes) {
      state.later(state.disputeDelayMs, () => openDispute(state, charge, Math.floor(Date.now() / 1000)));
    }
    return intent;
  }

  const docUrl = `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`;
  // Stripe detaches the declined method from the intent: it survives only inside last_payment_error.
  Object.assign(intent, {
    status: 'requires_payment_method',
    payment_method: null,
    next_action: null,
    last_payment_error: {
      type: 'card_error',
      charge: charge.id,
      code: decline.code,
      decline_code: decline.declineCode,
      doc_url: docUrl,
      message: decline.message,
      payment_method: method,
    },
  } satisfies Partial<PaymentIntent>);
  state.publish({ type: 'payment_intent.payment_failed', object: intent, request }, now);
  throw new StripeApiError(402, {
    type: 'card_error',
    code: decline.code,
    decline_code: decline.declineCode,
    message: decline.message,
    charge: charge.id,
    payment_intent: intent,
    payment_method: method,
  });
}
