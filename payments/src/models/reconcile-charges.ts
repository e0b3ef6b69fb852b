import { startPeriodicTask, type Logger, type PeriodicTask } from '@ticketing/common';
import { retrieveIntent } from '../stripe/payment-calls';
import { charges, type ChargeDoc, finishLateCheck } from './charge';
import { type ChargeWatchDoc, dueWatches, rescheduleWatch, takeWatch, unwatchCharge } from './charge-watch';
import { findReplicatedOrder } from './order-replica';
import { refundIfOrderCancelled, refundLostSuccess } from './refund-late-charge';
import { completeCharge, NO_PAYMENT_INTENT, settleCharge } from './settle-charge';
import { failChargeAfterCancel } from './settle-from-payment-intent';

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
  /** A pass stops reading further batches once it has run this long (its interval: the next pass goes on). */
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
    const late = await refundIfOrderCancelled(orderId, log);
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
 * reconciled, and watched again later when it still waits.
 */
async function lookAt(watch: ChargeWatchDoc, options: ReconcileOptions, log: Logger): Promise<ReconcileOutcome> {
  const orderId = watch._id;
  const now = Date.now();
  const charge = await charges.find(orderId);
  if (!charge) {
    // The request that watched it did not get to its claim (the order was not payable, or it died).
    if (now - watch.since.getTime() >= options.quietMs) await unwatchCharge(orderId);
    else await rescheduleWatch(orderId, new Date(watch.since.getTime() + options.quietMs));
    return 'settled';
  }
  const quietAt = charge.claimedAt.getTime() + options.quietMs;
  if (charge.status === 'created' && quietAt > now) {
    await rescheduleWatch(orderId, new Date(quietAt));
    return 'claimed';
  }
  const outcome = await reconcileCharge(charge, log);
  const latest = await charges.find(orderId);
  if (!latest || (latest.status !== 'created' && !latest.lateCheckPending)) await unwatchCharge(orderId);
  return outcome;
}

/**
 * One pass of the reconciliation (DESIGN §16): reads the watched charges that are due, oldest looked-at first, a
 * bounded batch at a time, and looks at each once: taking a watch stamps `lookedAt` (so it goes to the back) and puts
 * it off by the quiet time, so a pass never reads it twice and what waits on the buyer cannot hide the rest. Reads
 * further batches until nothing due is left or the pass has used its budget. Resolves with how many it looked at.
 */
export async function reconcileDueCharges(options: ReconcileOptions, log: Logger): Promise<number> {
  const started = Date.now();
  let looked = 0;
  for (;;) {
    const now = new Date();
    const due = await dueWatches(now, options.batch);
    for (const watch of due) {
      if (!(await takeWatch(watch, now, new Date(now.getTime() + options.quietMs)))) continue;
      looked++;
      try {
        await lookAt(watch, options, log);
      } catch (error) {
        log.warn({ err: error, orderId: watch._id }, 'reconciling a charge failed; will retry');
      }
    }
    if (due.length < options.batch || Date.now() - started >= options.budgetMs) return looked;
  }
}

/**
 * Reconciles, at start and every `intervalMs`, the watched charges that are due (reconcileDueCharges). Safe with
 * several replicas: each watch is taken by one of them per look, and two reconciling one charge store one outcome.
 */
export function startChargeReconciler(options: {
  intervalMs: number;
  quietMs: number;
  batch: number;
  log: Logger;
}): PeriodicTask {
  const { intervalMs, quietMs, batch, log } = options;
  return startPeriodicTask({
    name: 'charge reconciliation',
    intervalMs,
    log,
    runAtStart: true,
    run: async () => {
      await reconcileDueCharges({ quietMs, batch, budgetMs: intervalMs }, log);
    },
  });
}
