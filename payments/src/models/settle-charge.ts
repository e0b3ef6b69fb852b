// Storing what Stripe said about an order's charge: used by the payment request, by the confirmation after a
// 3-D Secure challenge, and by whatever reconciles charges whose outcome is unknown (settle-from-payment-intent.ts).
import { ChargeCreated, type Logger } from '@ticketing/common';
import { charges, type ChargeDoc } from './charge';
import { type LateChargeOutcome, refundIfOrderCancelled } from './refund-late-charge';

/** Attempts to store Stripe's outcome before giving up (about 6 s of backoff in all). */
const SETTLE_ATTEMPTS = 6;

/**
 * Stores Stripe's outcome as the charge's next version, with its ChargeCreated event (the outbox). Only a charge
 * still `created` changes: a concurrent request for the same payment (same idempotency key, same outcome) may have
 * stored it first, and then this one returns what that one stored. That also makes it safe to retry, which it does
 * on a database error: the money has moved at Stripe, so giving up on the first transient error would leave a
 * charge `created` that nobody may come back for.
 */
export async function settleCharge(
  orderId: string,
  outcome: { status: 'completed' | 'failed'; stripeId: string },
  log: Logger,
): Promise<ChargeDoc> {
  for (let attempt = 1; ; attempt++) {
    try {
      const stored = await charges.change(orderId, (current) => {
        if (!current || current.status !== 'created') return null;
        const { chargeId, amount } = current;
        return {
          set: { status: outcome.status, stripeId: outcome.stripeId },
          events: [
            ChargeCreated.create({ id: chargeId, orderId, amount, status: outcome.status, stripeId: outcome.stripeId }),
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
 * Records the PaymentIntent of a charge that is still `created` (Stripe asked for 3-D Secure, or is processing), so
 * that its outcome can be read from Stripe later: by the buyer's confirmation, or by reconciliation. The charge stays
 * `created`. Returns the charge as stored (unchanged when the id was already recorded, or the charge has settled).
 */
export async function recordPaymentIntent(orderId: string, stripeId: string): Promise<ChargeDoc> {
  const stored = await charges.change(orderId, (current) =>
    current?.status === 'created' && current.stripeId === undefined ? { set: { stripeId } } : null,
  );
  const charge = stored ?? (await charges.find(orderId));
  if (!charge) throw new Error(`charge of order ${orderId} vanished`);
  return charge;
}

/** A completed charge, and what the late-charge check found (a refund the OrderCancelled listener retries is pending). */
export interface CompletedCharge {
  charge: ChargeDoc;
  late: LateChargeOutcome | { kind: 'refund-pending' };
}

/**
 * Stores a succeeded PaymentIntent as the completed charge (ChargeCreated), then does side (a) of the late-charge
 * race: the charge is stored as completed, now read the order, and refund if it was cancelled meanwhile (see
 * refundIfOrderCancelled). A refund that fails here is left to the OrderCancelled listener, which saw the claim.
 */
export async function completeCharge(orderId: string, stripeId: string, log: Logger): Promise<CompletedCharge> {
  const charge = await settleCharge(orderId, { status: 'completed', stripeId }, log);
  const late = await refundIfOrderCancelled(orderId, log).catch((error: unknown) => {
    log.warn({ err: error, orderId }, 'refund of a late charge failed here; the OrderCancelled listener retries it');
    return { kind: 'refund-pending' } as const;
  });
  return { charge, late };
}
