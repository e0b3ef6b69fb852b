import { defineListener, OrderCancelled, retryLater } from '@ticketing/common';
import { applyOrderStatus } from '../../models/order';
import { refundIfOrderCancelled } from '../../models/refund-late-charge';
import { STRIPE_CALL_MAX_MS } from '../../stripe/stripe-client';

/** How often a charge in flight is looked at again; with the delivery bound, how long it can be watched. */
const WATCH_INTERVAL_MS = 1_000;

/**
 * Marks the replica's order cancelled, then refunds its charge if one completed: side (b) of the late-charge race
 * (see refundIfOrderCancelled). The charge is read only AFTER applyInOrder has stored the cancellation, never in
 * its effect (which runs before the store): the payment request stores its charge and then reads the order, so one
 * of the two always sees the other.
 * A redelivery finds the cancellation already applied and looks at the charge again, which is how this listener
 * retries a refund that failed (Stripe unreachable: the handler throws, nak with backoff) and watches a charge that
 * is still in flight (retryLater until it settles, or until no Stripe call can still be running for it).
 */
export const orderCancelledListener = defineListener({
  event: OrderCancelled,
  // Enough deliveries to watch a charge for the longest Stripe call at WATCH_INTERVAL_MS, plus refund retries.
  maxDeliver: Math.ceil(STRIPE_CALL_MAX_MS / WATCH_INTERVAL_MS) + 20,
  async handle(data, { log }) {
    if ((await applyOrderStatus(data.id, data.version, 'cancelled')) === 'ahead') return retryLater();

    const outcome = await refundIfOrderCancelled(data.id, log);
    if (outcome.kind === 'in-flight') {
      if (Date.now() - outcome.claimedAt.getTime() < STRIPE_CALL_MAX_MS) return retryLater(WATCH_INTERVAL_MS);
      // No Stripe call started for it can still be running: the request that claimed it saw the cancellation and
      // stopped before Stripe, or died mid-call. Nobody will complete it; if it died after Stripe charged, the
      // payment needs a look in Stripe's dashboard (the intent carries metadata.orderId).
      log.warn({ orderId: data.id, claimedAt: outcome.claimedAt }, 'cancelled order has a charge that never settled');
    }
  },
});
