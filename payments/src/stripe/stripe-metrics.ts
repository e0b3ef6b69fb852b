import { meter, SECONDS_BUCKETS } from '@ticketing/common';
import Stripe from 'stripe';

/** Our names for the Stripe calls payments makes (payment-calls.ts, payout-calls.ts). */
export type StripeOperation =
  | 'create_intent'
  | 'confirm_intent'
  | 'retrieve_intent'
  | 'cancel_intent'
  | 'refund'
  | 'list_refunds'
  | 'create_account'
  | 'create_account_link'
  | 'retrieve_account'
  | 'list_transfers'
  | 'create_transfer'
  | 'reverse_transfer';

const duration = meter().createHistogram('ticketing.stripe.call.duration', {
  unit: 's',
  description: 'Duration of the Stripe calls payments makes (the SDK’s retries included), by operation and outcome',
  advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
});

/**
 * Runs one Stripe call and records its duration (DESIGN §14) under `stripe.operation` and `outcome`: `ok`, or the
 * class of the SDK's error (`StripeCardError`, `StripeConnectionError`, `StripeInvalidRequestError`…), a bounded set;
 * `error` for anything else. What the call resolves or throws is passed on unchanged.
 */
export async function timedStripeCall<T>(operation: StripeOperation, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  let outcome = 'ok';
  try {
    return await call();
  } catch (error) {
    outcome = error instanceof Stripe.errors.StripeError ? error.type : 'error';
    throw error;
  } finally {
    duration.record((performance.now() - started) / 1_000, { 'stripe.operation': operation, outcome });
  }
}
