import { startPeriodicTask, type Logger, type PeriodicTask } from '@ticketing/common';
import { retrieveIntent } from '../stripe/payment-calls';
import { charges, type ChargeDoc, finishLateCheck } from './charge';
import {
  chargeWatchList,
  type ChargeWatchDoc,
  rescheduleWatch,
  unwatchCharge,
  watchUnsettledCharges,
} from './charge-watch';
import { findReplicatedOrder } from './order-replica';
import { refundIfCancelled, refundLostSuccess } from './refund-late-charge';
import { completeCharge, NO_PAYMENT_INTENT, settleCharge } from './settle-charge';
import { failChargeAfterCancel } from './settle-from-payment-intent';
import { lookAtDueWatches } from './watch-list';

/** The longest a charge waiting on the buyer or on Stripe goes without a look. */
const WAIT_MAX_MS = 5 * 60_000;

/** What reconciling one charge came to. */
export type ReconcileOutcome =
  | 'completed'
  | 'failed'
  | 'refunded'
  /** Stripe or the buyer has not decided yet: looked at again later. */
  | 'waiting'
  /** A request may still be calling Stripe for it: looked at once its claim is quiet. */
  | 'claimed'
  | 'settled';

/** How the reconciliation is paced (config: PAYMENTS_RECONCILE_SECONDS, PAYMENTS_RECONCILE_BATCH; stripe-client.ts). */
export interface ReconcileOptions {
  /** A claim's quiet time: no request can still be calling Stripe for a charge claimed longer ago than this. */
  quietMs: number;
  /** How many watches one read takes. */
  batch: number;
  /** A pass stops once it has run this long (the next pass goes on where it stopped, oldest first). */
  budgetMs: number;
}

/** Whether the buyer can still pay the order (so a charge nobody confirmed is the buyer's to retry). */
async function stillPayable(orderId: string): Promise<boolean> {
  const order = await findReplicatedOrder(orderId);
  return order !== null && order.status === 'created' && Date.parse(order.expiresAt) > Date.now();
}

/**
 * Settles a charge whose Stripe outcome is unknown (its request died, timed out or lost the answer) from what Stripe
 * says now (DESIGN §5, §16): the intent succeeded → completed (and refunded if the order was cancelled meanwhile); it
 * was declined or authentication failed → failed once Stripe has cancelled it; it waits for the buyer (3-D Secure, or
 * nothing confirmed yet) → left while the order can be paid, else cancelled at Stripe and failed (or completed and
 * refunded, if the buyer's payment got through first). Processing → looked at again later. No intent id → failed
 * once the order can no longer be paid (nothing can have been confirmed: failChargeAfterCancel). A completed charge
 * whose late check never finished gets it; a failed charge whose intent succeeded after all gets its refund.
 * Idempotent: every write is conditional, and Stripe calls are keyed by the order.
 */
export async function reconcileCharge(charge: ChargeDoc, log: Logger): Promise<ReconcileOutcome> {
  const orderId = charge._id;
  if (charge.status === 'completed') {
    if (!charge.lateCheckPending) return 'settled';
    // Completed, but the request died before it looked whether the order was cancelled meanwhile.
    const late = await refundIfCancelled(orderId, log);
    await finishLateCheck(orderId);
    return late.kind === 'refunded' ? 'refunded' : 'settled';
  }
  if (charge.status === 'failed') {
    if (!charge.lateCheckPending || charge.stripeId === undefined) return 'settled';
    await refundLostSuccess(orderId, charge.stripeId, log);
    return 'refunded';
  }

  if (charge.stripeId === undefined) {
    if (await stillPayable(orderId)) return 'waiting';
    const failureMessage = 'The payment was not completed';
    await settleCharge(orderId, { status: 'failed', stripeId: NO_PAYMENT_INTENT, failureMessage }, log);
    log.info({ orderId }, 'reconciled: no payment was ever confirmed');
    return 'failed';
  }
  const intent = await retrieveIntent(charge.stripeId);
  if (intent.status === 'succeeded') {
    const { late } = await completeCharge(orderId, intent.id, log);
    log.info({ orderId, stripeId: intent.id }, 'reconciled: the payment had succeeded');
    return late.kind === 'refunded' ? 'refunded' : 'completed';
  }
  if (intent.status === 'processing') return 'waiting';
  const refused = intent.status === 'canceled' || intent.last_payment_error !== null;
  if (!refused && (await stillPayable(orderId))) return 'waiting';
  const failureMessage = intent.last_payment_error?.message ?? 'The payment was not completed';
  const settlement = await failChargeAfterCancel(orderId, intent, failureMessage, log);
  log.info({ orderId, stripeId: intent.id, intentStatus: intent.status, outcome: settlement.kind }, 'reconciled');
  if (settlement.kind === 'processing') return 'waiting';
  if (settlement.kind === 'completed') return settlement.late.kind === 'refunded' ? 'refunded' : 'completed';
  return 'failed';
}

/**
 * Looks at one watched charge: a watch whose charge is settled with nothing pending is dropped, as is one without a
 * charge once no request can still insert it; a claim not yet quiet is put off until it is; otherwise the charge is
 * reconciled, and looked at again later, less and less often, while it still waits.
 */
async function lookAt(watch: ChargeWatchDoc, options: ReconcileOptions, log: Logger): Promise<ReconcileOutcome> {
  const orderId = watch._id;
  const now = Date.now();
  const charge = await charges.find(orderId);
  if (!charge) {
    // The request that watched it did not get to its claim (the order was not payable, or it died).
    if (now - watch.since.getTime() >= options.quietMs) await unwatchCharge(orderId);
    else await rescheduleWatch(orderId, new Date(watch.since.getTime() + options.quietMs), watch.lookedAt);
    return 'settled';
  }
  const quietAt = charge.claimedAt.getTime() + options.quietMs;
  if (charge.status === 'created' && quietAt > now) {
    // Nothing was asked of Stripe: the charge keeps its place, so that once quiet it goes before those looked at.
    await rescheduleWatch(orderId, new Date(quietAt), watch.lookedAt);
    return 'claimed';
  }
  const outcome = await reconcileCharge(charge, log);
  if (outcome === 'waiting') {
    // Looked at less often the longer it waits (at least the quiet time, at most WAIT_MAX_MS between looks), so that
    // abandoned payments cost the reconciliation little; its order's cancellation cancels them (close-open-payment.ts).
    const wait = Math.min(Math.max(now - charge.claimedAt.getTime(), options.quietMs), WAIT_MAX_MS);
    await rescheduleWatch(orderId, new Date(now + wait));
    return outcome;
  }
  const latest = await charges.find(orderId);
  if (!latest || (latest.status !== 'created' && !latest.lateCheckPending)) await unwatchCharge(orderId);
  return outcome;
}

/**
 * One pass of the reconciliation (DESIGN §16): reads the watched charges that are due, oldest looked-at first, a
 * bounded batch at a time, and looks at each once (lookAtDueWatches: taking a watch sends it to the back and puts it
 * off by the quiet time, so a pass never reads it twice and what waits on the buyer cannot hide the rest). Resolves
 * with how many it looked at.
 */
export function reconcileDueCharges(options: ReconcileOptions, log: Logger): Promise<number> {
  return lookAtDueWatches(
    chargeWatchList,
    options,
    (watch) => lookAt(watch, options, log),
    log,
    'charge reconciliation',
  );
}

/**
 * Reconciles, at start and every `intervalMs`, the watched charges that are due (reconcileDueCharges), after putting
 * under watch, once, the unsettled charges of a version that kept no watches. Safe with several replicas: each watch
 * is taken by one of them per look, and two reconciling one charge store one outcome.
 */
export function startChargeReconciler(options: {
  intervalMs: number;
  quietMs: number;
  batch: number;
  log: Logger;
}): PeriodicTask {
  const { intervalMs, quietMs, batch, log } = options;
  void watchUnsettledCharges().then(
    (found) => found > 0 && log.info({ found }, 'unsettled charges put under watch'),
    (error: unknown) => log.warn({ err: error }, 'watching the unsettled charges failed; the next start tries again'),
  );
  return startPeriodicTask({
    name: 'charge reconciliation',
    intervalMs,
    log,
    runAtStart: true,
    run: async () => {
      // Half the interval: a pass ends before the next tick, so a charge that comes due waits at most one interval.
      await reconcileDueCharges({ quietMs, batch, budgetMs: intervalMs / 2 }, log);
    },
  });
}
