import type { Logger } from '@ticketing/common';
import Stripe from 'stripe';
import { retrieveIntent } from '../stripe/payment-calls';
import { createOrderTransfer, orderTransfers, reverseOrderTransfer } from '../stripe/payout-calls';
import { charges } from './charge';
import { accountWatches, type PayoutDoc, payoutWatches, payouts, type UndoneReason } from './payout';
import { saleUndone } from './sale-undone';
import { findSellerAccount } from './seller-account';
import type { WatchDoc } from './watch-list';

/** What one look at a payout came to. */
export type PayoutOutcome =
  | 'paid'
  | 'reversed'
  | 'lost'
  | 'void'
  | 'held'
  /** Not due yet: looked at again at its `scheduledFor`. */
  | 'not-due'
  /** Nothing to do (settled for good, or no payout for the order). */
  | 'settled';

/**
 * Looks at one watched payout (the payout job, safe with any number of replicas: each watch is taken by one of them
 * per look, and every write here is conditional). In this order:
 *  1. a payout whose Transfer call may have run (`attemptedAt`) but is not recorded: the order's transfer group is
 *     looked up at Stripe first (Stripe forgets idempotency keys after 24 hours), and a transfer found is recorded;
 *  2. a payout made whose sale was undone (refund, dispute): reversed, or recorded `lost` when Stripe refuses;
 *  3. a payout not made whose sale was undone, or whose event was cancelled: `void`, no transfer ever;
 *  4. a scheduled payout due to an enabled seller: one Transfer (keyed by the order), recorded `paid`, then step 2
 *     again (a refund stored while the transfer was being made is reversed here, or by the refund's own look).
 * The watch is dropped once nothing is left to do and no change asked for within the quiet time can still be on its
 * way (lookAtPayoutAgain), so a refund stored just after a look is always looked at again.
 */
export async function lookAtPayout(watch: WatchDoc, quietMs: number, log: Logger): Promise<PayoutOutcome> {
  const outcome = await settlePayout(watch._id, quietMs, log);
  if (outcome === 'not-due') return outcome;
  const quietAt = watch.since.getTime() + quietMs;
  if (quietAt > Date.now()) await payoutWatches.reschedule(watch._id, new Date(quietAt));
  else await payoutWatches.unwatch(watch._id);
  return outcome;
}

/**
 * Settles the order's payout as far as it can go now (see lookAtPayout). `quietMs`: how long a Transfer call may
 * still be running after its `attemptedAt` (a look of another replica): until then, a transfer not found at Stripe
 * may still be on its way, so nothing is decided for that payout. Throws what Stripe throws.
 */
export async function settlePayout(orderId: string, quietMs: number, log: Logger): Promise<PayoutOutcome> {
  let payout = await payouts.find(orderId);
  if (!payout) return 'settled';
  if (payout.transferId === undefined && payout.attemptedAt !== undefined) {
    const [found] = await orderTransfers(orderId);
    if (found) payout = await recordTransfer(orderId, found, log);
    else if (payout.attemptedAt.getTime() + quietMs > Date.now()) {
      await payoutWatches.reschedule(orderId, new Date(payout.attemptedAt.getTime() + quietMs));
      return 'not-due';
    }
  }
  const charge = await charges.find(orderId);
  const undone = await saleUndone(orderId, charge);
  if (payout.transferId !== undefined) {
    return payout.state === 'paid' && undone !== undefined ? reversePayout(payout, undone, log) : 'settled';
  }
  if (payout.state !== 'held' && payout.state !== 'scheduled') return 'settled';
  if (undone !== undefined) return voidPayout(orderId, undone, log);
  if (payout.state === 'held') return 'held';
  if (payout.scheduledFor.getTime() > Date.now()) {
    await payoutWatches.reschedule(orderId, payout.scheduledFor);
    return 'not-due';
  }
  const account = await findSellerAccount(payout.sellerId);
  if (!account?.enabled) return holdPayout(payout, log);
  if (!charge?.stripeId) throw new Error(`completed charge of order ${orderId} has no PaymentIntent`);

  // From here a transfer may exist at Stripe before it is recorded: say so first (step 1 of the next look).
  const attempted = await payouts.change(orderId, (current) =>
    current?.state === 'scheduled' && current.transferId === undefined ? { set: { attemptedAt: new Date() } } : null,
  );
  if (!attempted) return 'settled';
  const intent = await retrieveIntent(charge.stripeId);
  const sourceTransaction = typeof intent.latest_charge === 'string' ? intent.latest_charge : intent.latest_charge?.id;
  if (!sourceTransaction) throw new Error(`PaymentIntent ${intent.id} of order ${orderId} has no charge`);
  const transfer = await createOrderTransfer({
    orderId,
    amountCents: payout.grossCents - payout.feeCents,
    destination: account.stripeAccountId,
    sourceTransaction,
  });
  const paid = await recordTransfer(orderId, transfer, log);
  // Written, now read: a refund or dispute stored meanwhile is reversed here (and by its own look, whichever first).
  const undoneSince = await saleUndone(orderId);
  if (paid.state === 'paid' && undoneSince !== undefined) return reversePayout(paid, undoneSince, log);
  return 'paid';
}

/**
 * Records a transfer made at Stripe on the payout, whatever state the payout reached meanwhile (a transfer that
 * exists is the truth: a payout voided while its transfer was being made becomes `paid`, and is then reversed).
 */
async function recordTransfer(orderId: string, transfer: Stripe.Transfer, log: Logger): Promise<PayoutDoc> {
  const stored = await payouts.change(orderId, (current) =>
    current && current.transferId === undefined
      ? { set: { state: 'paid', transferId: transfer.id, transferCents: transfer.amount, paidAt: new Date() } }
      : null,
  );
  if (stored) log.info({ orderId, transferId: transfer.id, cents: transfer.amount }, 'payout transferred');
  const latest = stored ?? (await payouts.find(orderId));
  if (!latest) throw new Error(`payout of order ${orderId} vanished`);
  return latest;
}

/**
 * Takes a payout back (DESIGN §12): a full reversal of its transfer, keyed by the order. Stripe refuses it when the
 * seller's connected balance is short (`balance_insufficient`): that is recorded as the platform's loss (`lost`),
 * never retried (the same key would replay the refusal anyway). Anything else Stripe throws is thrown (retried later).
 */
async function reversePayout(payout: PayoutDoc, reason: UndoneReason, log: Logger): Promise<PayoutOutcome> {
  const orderId = payout._id;
  const transferId = payout.transferId;
  if (transferId === undefined) throw new Error(`payout of order ${orderId} has no transfer to reverse`);
  let set: Partial<PayoutDoc>;
  try {
    const reversal = await reverseOrderTransfer({ orderId, transferId });
    set = { state: 'reversed', reversalId: reversal.id, reversedAt: new Date(), undoneReason: reason };
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError) || error.code !== 'balance_insufficient') throw error;
    set = { state: 'lost', lossCents: payout.transferCents ?? 0, undoneReason: reason };
    log.error({ orderId, transferId, reason }, 'reversal refused (seller balance short): recorded as a platform loss');
  }
  const stored = await payouts.change(orderId, (current) => (current?.state === 'paid' ? { set } : null));
  if (stored) log.info({ orderId, transferId, state: set.state, reason }, 'payout taken back');
  return (stored?.state ?? (await payouts.find(orderId))?.state) === 'lost' ? 'lost' : 'reversed';
}

/** No payout for an undone sale, once: a conditional update of a payout never transferred. */
async function voidPayout(orderId: string, reason: UndoneReason, log: Logger): Promise<PayoutOutcome> {
  const stored = await payouts.change(orderId, (current) =>
    (current?.state === 'held' || current?.state === 'scheduled') && current.transferId === undefined
      ? { set: { state: 'void', undoneReason: reason } }
      : null,
  );
  if (stored) log.info({ orderId, reason }, 'no payout: the sale was undone');
  return 'void';
}

/** A due payout whose seller cannot be paid (yet): held, and the seller's account watched. */
async function holdPayout(payout: PayoutDoc, log: Logger): Promise<PayoutOutcome> {
  await accountWatches.watch(payout.sellerId);
  const stored = await payouts.change(payout._id, (current) =>
    current?.state === 'scheduled' && current.transferId === undefined ? { set: { state: 'held' } } : null,
  );
  if (stored) log.info({ orderId: payout._id, sellerId: payout.sellerId }, 'payout held: the seller is not enabled');
  return 'held';
}
