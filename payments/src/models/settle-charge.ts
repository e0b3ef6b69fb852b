// Storing what Stripe said about an order's charge: used by the payment request, by the confirmation after a
// 3-D Secure challenge, and by the reconciliation of charges whose outcome is unknown.
import { ChargeCreated, type ChargeFailure, type Logger } from '@ticketing/common';
import { charges, type ChargeDoc, finishLateCheck } from './charge';
import { unwatchCharge } from './charge-watch';
import { type LateChargeOutcome, refundIfCancelled, refundLostSuccess } from './refund-late-charge';

/** The stripeId of a failed charge when Stripe returned no PaymentIntent (ChargeCreated requires one). */
export const NO_PAYMENT_INTENT = 'none';

/** Stripe's outcome of a payment, as the charge records it. */
export interface StripeOutcome {
  status: 'completed' | 'failed';
  stripeId: string;
  /** Stripe's words for a decline, kept to answer a retry with the same Idempotency-Key. */
  failureMessage?: string;
  /** A failure that was not the card's (ChargeCreated's `failure`). */
  failure?: ChargeFailure;
}

/** Attempts to store Stripe's outcome before giving up (about 6 s of backoff in all). */
const SETTLE_ATTEMPTS = 6;

/**
 * Stores Stripe's outcome on the charge with its ChargeCreated event (the outbox), by a conditional update on its
 * version. Only a charge still `created` changes: a concurrent request or the reconciliation may have stored the same
 * outcome first (same idempotency keys at Stripe, so the same answer), and then this returns what that one stored.
 * Retried on a database error: the money has moved at Stripe, and the reconciliation is only the last resort.
 * `failed` may be stored only once Stripe can no longer take the money (the intent is canceled, or none was ever
 * confirmed): failChargeAfterCancel (settle-from-payment-intent.ts) is the way there. Should a success still arrive
 * for a charge stored as failed, it is not ignored: the money is refunded (refundLostSuccess).
 */
export async function settleCharge(orderId: string, outcome: StripeOutcome, log: Logger): Promise<ChargeDoc> {
  const settled = await storeOutcome(orderId, outcome, log);
  if (settled.status === 'failed') {
    if (outcome.status === 'completed') return refundLostSuccess(orderId, outcome.stripeId, log);
    if (!settled.lateCheckPending) await unwatchCharge(orderId);
  }
  return settled;
}

async function storeOutcome(orderId: string, outcome: StripeOutcome, log: Logger): Promise<ChargeDoc> {
  for (let attempt = 1; ; attempt++) {
    try {
      const stored = await charges.change(orderId, (current) => {
        if (!current || current.status !== 'created') return null;
        const { chargeId, amount } = current;
        return {
          set: {
            status: outcome.status,
            stripeId: outcome.stripeId,
            ...(outcome.failureMessage !== undefined && { failureMessage: outcome.failureMessage }),
            ...(outcome.status === 'completed' && { lateCheckPending: true }),
          },
          events: [
            ChargeCreated.create({
              id: chargeId,
              orderId,
              amount,
              status: outcome.status,
              stripeId: outcome.stripeId,
              ...(outcome.failure !== undefined && { failure: outcome.failure }),
            }),
          ],
        };
      });
      const settled = stored ?? (await charges.find(orderId));
      if (!settled) throw new Error(`charge of order ${orderId} vanished`);
      return settled;
    } catch (error) {
      if (attempt >= SETTLE_ATTEMPTS) throw error;
      log.warn({ err: error, orderId, attempt }, 'storing the Stripe outcome failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}

/**
 * Records the PaymentIntent's id on a claimed charge (DESIGN §5: the id is stored before the call that moves money
 * returns, and kept while the buyer authenticates), so that its outcome can always be read from Stripe later.
 * Idempotent. Returns the charge as stored (unchanged when the id was already recorded or the charge has settled).
 */
export async function recordIntent(orderId: string, intentId: string): Promise<ChargeDoc> {
  const stored = await charges.change(orderId, (current) =>
    current && current.status === 'created' && current.stripeId === undefined ? { set: { stripeId: intentId } } : null,
  );
  const charge = stored ?? (await charges.find(orderId));
  if (!charge) throw new Error(`charge of order ${orderId} vanished`);
  return charge;
}

/** A completed charge, and what the late-charge check found (a refund left to the reconciliation is pending). */
export interface CompletedCharge {
  charge: ChargeDoc;
  late: LateChargeOutcome | { kind: 'refund-pending' };
}

/**
 * Stores a succeeded PaymentIntent as the completed charge (ChargeCreated), then does side (a) of the late-charge
 * race: the charge is stored as completed, now read the order, and refund if it or its event was cancelled (see
 * refundIfCancelled). A refund that fails here keeps `lateCheckPending`, and the reconciliation retries it.
 */
export async function completeCharge(orderId: string, stripeId: string, log: Logger): Promise<CompletedCharge> {
  const charge = await settleCharge(orderId, { status: 'completed', stripeId }, log);
  // A success that arrived for a charge stored as failed has been refunded already (settleCharge).
  if (charge.status === 'failed') return { charge, late: { kind: 'refunded', charge } };
  const late = await refundIfCancelled(orderId, log).catch((error: unknown) => {
    log.warn({ err: error, orderId }, 'refund of a late charge failed here; it is retried by the reconciliation');
    return { kind: 'refund-pending' } as const;
  });
  if (late.kind !== 'refund-pending') {
    await finishLateCheck(orderId);
    await unwatchCharge(orderId);
  }
  return { charge, late };
}
