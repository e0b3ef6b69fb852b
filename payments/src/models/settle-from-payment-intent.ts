import type { ChargeFailure, Logger } from '@ticketing/common';
import type Stripe from 'stripe';
import { cancelOrderIntent, retrieveIntent } from '../stripe/payment-calls';
import { charges, type ChargeDoc } from './charge';
import { type CompletedCharge, completeCharge, NO_PAYMENT_INTENT, recordIntent, settleCharge } from './settle-charge';

/** What {@link settleFromPaymentIntent} found at Stripe, and what it stored. */
export type IntentSettlement =
  /** Nobody has claimed a charge for this order. */
  | { kind: 'no-charge' }
  /** The charge is `created` but no PaymentIntent id is recorded: nothing here can say what Stripe did. */
  | { kind: 'no-payment-intent'; charge: ChargeDoc }
  /** The charge had settled before this call; nothing was asked of Stripe. */
  | { kind: 'already-settled'; charge: ChargeDoc }
  /** The intent succeeded: the charge is now completed (and refunded if its order was cancelled meanwhile). */
  | ({ kind: 'completed' } & CompletedCharge)
  /** The intent failed (authentication refused, card declined, cancelled): the charge is now failed. */
  | { kind: 'failed'; charge: ChargeDoc; message: string }
  /** The buyer still has to authenticate; the charge stays `created`. */
  | { kind: 'requires-action'; charge: ChargeDoc; clientSecret: string }
  /** Stripe has not decided yet (processing); the charge stays `created`. */
  | { kind: 'processing'; charge: ChargeDoc };

const FAILED_WITHOUT_REASON = 'The payment could not be completed.';

/**
 * Settles an order's charge from what its PaymentIntent says now, at Stripe: how a buyer's request turns an intent's
 * status into the charge's state, when the buyer comes back from a 3-D Secure challenge. (The reconciliation, which
 * no buyer waits on, has its own rule for an intent nobody confirmed: reconcile-charges.ts.) Idempotent: a charge that
 * has settled is returned as it is, and storing an outcome changes only a charge still `created` (settleCharge), so
 * concurrent callers store it once and publish one ChargeCreated.
 * Throws what Stripe throws (unreachable, timeouts): the charge is then unchanged, and the caller may try again.
 */
export async function settleFromPaymentIntent(orderId: string, log: Logger): Promise<IntentSettlement> {
  const charge = await charges.find(orderId);
  if (!charge) return { kind: 'no-charge' };
  if (charge.status !== 'created') return { kind: 'already-settled', charge };
  if (charge.stripeId === undefined) return { kind: 'no-payment-intent', charge };
  return settleFromIntent(orderId, await retrieveIntent(charge.stripeId), log);
}

/**
 * Stores what a PaymentIntent just returned by Stripe says (the create call's answer, or a retrieve): the charge's
 * outcome when the intent has one, otherwise its id, so that the outcome can be read later.
 */
export async function settleFromIntent(
  orderId: string,
  intent: Stripe.PaymentIntent,
  log: Logger,
): Promise<IntentSettlement> {
  switch (intent.status) {
    case 'succeeded':
      return { kind: 'completed', ...(await completeCharge(orderId, intent.id, log)) };
    case 'requires_action':
      return {
        kind: 'requires-action',
        charge: await recordIntent(orderId, intent.id),
        clientSecret: intent.client_secret ?? '',
      };
    case 'requires_payment_method':
    case 'canceled':
      // Authentication failed, the card was declined, or the intent was cancelled: nothing was charged. But an intent
      // waiting for a payment method can still be confirmed (Stripe.js holds its client secret), so it is cancelled
      // before the failure is stored.
      return failChargeAfterCancel(orderId, intent, intent.last_payment_error?.message ?? FAILED_WITHOUT_REASON, log);
    default:
      // processing, or a state a one-step card payment with automatic capture does not stay in: not decided yet.
      return { kind: 'processing', charge: await recordIntent(orderId, intent.id) };
  }
}

/**
 * The one way a charge becomes `failed` once it has a PaymentIntent (DESIGN §16: only when Stripe can no longer take
 * the money): an intent not known to be `canceled` is cancelled at Stripe first (`status` absent: not known). Stripe
 * answers with the intent as it ends: canceled → the charge fails; succeeded meanwhile (a confirm Stripe ran after its
 * caller gave up, or a 3-D Secure challenge completed) → the charge completes, and is refunded when its order was
 * cancelled (completeCharge); anything else (processing) → the charge stays `created`, for a later look.
 * Without an intent (`undefined`) the failure is stored at once: the intent's id is recorded before any confirm is
 * sent, and its client secret reaches the browser only after that, so nothing can have been confirmed.
 * Throws what Stripe throws (unreachable): the charge is then unchanged and the caller tries again later.
 */
export async function failChargeAfterCancel(
  orderId: string,
  intent: { id: string; status?: Stripe.PaymentIntent.Status } | undefined,
  failureMessage: string,
  log: Logger,
  failure?: ChargeFailure,
): Promise<IntentSettlement> {
  const final =
    intent === undefined || intent.status === 'canceled'
      ? intent
      : await cancelOrderIntent({ orderId, intentId: intent.id });
  if (final?.status === 'succeeded') {
    log.info({ orderId, stripeId: final.id }, 'the payment succeeded before its intent could be cancelled');
    return { kind: 'completed', ...(await completeCharge(orderId, final.id, log)) };
  }
  if (final !== undefined && final.status !== 'canceled') {
    return { kind: 'processing', charge: await recordIntent(orderId, final.id) };
  }
  const stripeId = final?.id ?? NO_PAYMENT_INTENT;
  const charge = await settleCharge(
    orderId,
    { status: 'failed', stripeId, failureMessage, ...(failure !== undefined && { failure }) },
    log,
  );
  if (charge.status !== 'failed') return { kind: 'already-settled', charge };
  return { kind: 'failed', charge, message: charge.failureMessage ?? failureMessage };
}
