import { startPeriodicTask, type Logger, type PeriodicTask } from '@ticketing/common';
import type Stripe from 'stripe';
import { retrieveIntent } from '../stripe/payment-calls';
import { STRIPE_CALL_MAX_MS } from '../stripe/stripe-client';
import { Charge, type ChargeDoc } from './charge';
import { findReplicatedOrder } from './order-replica';
import { refundIfOrderCancelled } from './refund-late-charge';
import { completeCharge, finishLateCheck, settleCharge } from './settle-charge';

/** What reconciling one charge came to. */
export type ReconcileOutcome = 'completed' | 'failed' | 'refunded' | 'waiting' | 'settled';

/** Whether the buyer can still pay the order (so a charge nobody confirmed is the buyer's to retry). */
async function stillPayable(orderId: string): Promise<boolean> {
  const order = await findReplicatedOrder(orderId);
  return order !== null && order.status === 'created' && Date.parse(order.expiresAt) > Date.now();
}

/**
 * Settles a charge whose Stripe outcome is unknown (its request died, timed out or lost the answer) from what Stripe
 * says now (DESIGN §5): the intent succeeded → completed (and refunded if the order was cancelled meanwhile); it was
 * declined or cancelled → failed; nothing was ever confirmed (no intent id, or the intent still waits for a payment
 * method) → failed once the order can no longer be paid, else left for the buyer's retry. An intent still processing
 * or waiting for the buyer's authentication is looked at again later. Idempotent: every write is conditional, and
 * refunds are keyed by the order at Stripe.
 */
export async function reconcileCharge(charge: ChargeDoc, log: Logger): Promise<ReconcileOutcome> {
  const orderId = charge._id;
  if (charge.status === 'completed') {
    // Completed, but the request died before it looked whether the order was cancelled meanwhile.
    const late = await refundIfOrderCancelled(orderId, log);
    await finishLateCheck(orderId);
    return late.kind === 'refunded' ? 'refunded' : 'settled';
  }
  if (charge.status !== 'created') return 'settled';

  const intent: Stripe.PaymentIntent | undefined = charge.stripeId ? await retrieveIntent(charge.stripeId) : undefined;
  if (intent?.status === 'succeeded') {
    const { late } = await completeCharge(orderId, intent.id, log);
    log.info({ orderId, stripeId: intent.id }, 'reconciled: the payment had succeeded');
    return late.kind === 'refunded' ? 'refunded' : 'completed';
  }
  if (intent && (intent.status === 'processing' || intent.status === 'requires_action')) return 'waiting';
  const declined =
    intent?.status === 'canceled' || (intent?.last_payment_error !== undefined && intent?.last_payment_error !== null);
  if (!declined && (await stillPayable(orderId))) return 'waiting';
  const failureMessage = intent?.last_payment_error?.message ?? 'The payment was not completed';
  await settleCharge(orderId, { status: 'failed', stripeId: intent?.id ?? 'none', failureMessage }, log);
  log.info({ orderId, stripeId: intent?.id, intentStatus: intent?.status }, 'reconciled: no money was taken');
  return 'failed';
}

/** Reconciles every charge due now (see startChargeReconciler); resolves with how many it looked at. */
export async function reconcileDueCharges(log: Logger): Promise<number> {
  const quiet = { $lt: new Date(Date.now() - STRIPE_CALL_MAX_MS) };
  const due = await Charge.find(
    {
      $or: [
        { status: 'created', claimedAt: quiet },
        { status: 'completed', lateCheckPending: true, claimedAt: quiet },
      ],
    },
    { outbox: 0 },
  )
    .limit(200)
    .lean<ChargeDoc[]>();
  for (const charge of due) {
    try {
      await reconcileCharge(charge, log);
    } catch (error) {
      log.warn({ err: error, orderId: charge._id }, 'reconciling a charge failed; will retry');
    }
  }
  return due.length;
}

/**
 * Reconciles, at start and every `intervalMs`, the charges whose outcome is unknown: still `created` although no
 * Stripe call for them can still be running (claimed more than STRIPE_CALL_MAX_MS ago), and completed charges whose
 * late-charge check never finished. Safe with several replicas: two reconciling one charge store one outcome.
 */
export function startChargeReconciler(options: { intervalMs: number; log: Logger }): PeriodicTask {
  return startPeriodicTask({
    name: 'charge reconciliation',
    intervalMs: options.intervalMs,
    log: options.log,
    runAtStart: true,
    run: async () => {
      await reconcileDueCharges(options.log);
    },
  });
}
