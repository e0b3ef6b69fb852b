import type { Logger } from '@ticketing/common';
import { isDuplicateKeyError } from '@ticketing/common';
import { toCents } from '../stripe/payment-requests';
import { charges } from './charge';
import { findReplicatedOrder } from './order-replica';
import { accountWatches, platformFeeCents, type PayoutDoc, payoutWatches, payouts } from './payout';
import { releasePayout } from './release-payouts';
import { saleUndone } from './sale-undone';
import { findSellerAccount } from './seller-account';

/** How payouts are priced and timed (config: PAYOUT_DELAY_SECONDS, PLATFORM_FEE_BPS). */
export interface PayoutTerms {
  delaySeconds: number;
  feeBps: number;
}

let configured: PayoutTerms | undefined;

/** Sets the process's payout terms (the service's config), like the Stripe client: listeners are module-level. */
export function configurePayoutTerms(terms: PayoutTerms): void {
  configured = terms;
}

/** The terms set by {@link configurePayoutTerms}; throws if the service has not set them (a bug). */
export function payoutTerms(): PayoutTerms {
  if (!configured) throw new Error('payout terms used before configurePayoutTerms()');
  return configured;
}

/**
 * Records the seller's payout for a completed order (DESIGN §12), from payments' own data: the seller and the event
 * from the order replica (OrderCreated), the amount from the charge. Due at the event's start + the delay (for a
 * ticket without an event, the sale's time + the delay); `held` while the seller's account is not enabled, then the
 * seller's account is watched (its status read from Stripe periodically). Idempotent: the payout's `_id` is the order
 * id, so a redelivered OrderCompleted records nothing new. The watch is written before the payout, so that no crash
 * leaves a scheduled payout the job never reads.
 */
export async function recordSale(
  orderId: string,
  log: Logger,
  terms: PayoutTerms = payoutTerms(),
): Promise<PayoutDoc | null> {
  const order = await findReplicatedOrder(orderId);
  if (!order?.sellerId) {
    log.warn({ orderId }, 'completed order without a seller (placed before OrderCreated carried it): no payout');
    return null;
  }
  const charge = await charges.find(orderId);
  if (charge?.status !== 'completed') {
    log.error({ orderId, status: charge?.status }, 'completed order without a completed charge: no payout');
    return null;
  }
  const grossCents = toCents(charge.amount);
  const base = order.event ? Date.parse(order.event.startsAt) : Date.now();
  const scheduledFor = new Date(base + terms.delaySeconds * 1_000);
  const account = await findSellerAccount(order.sellerId);
  const state = account?.enabled ? 'scheduled' : 'held';
  if (state === 'scheduled') await payoutWatches.watch(orderId, scheduledFor);
  else await accountWatches.watch(order.sellerId);

  let payout: PayoutDoc;
  try {
    payout = await payouts.insert({
      _id: orderId,
      sellerId: order.sellerId,
      grossCents,
      feeCents: platformFeeCents(grossCents, terms.feeBps),
      state,
      scheduledFor,
      createdAt: new Date(),
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return payouts.find(orderId);
  }
  log.info({ orderId, sellerId: order.sellerId, state, scheduledFor }, 'payout recorded');
  // The sale may have been undone before its payout was recorded (the refund's own look found no payout): written,
  // now read, so one of the two sees the other.
  if ((await saleUndone(orderId)) !== undefined) await payoutWatches.watchDue(orderId);
  // The account may have been enabled between the read above and the insert: its release did not see this payout.
  if (state === 'held' && (await findSellerAccount(order.sellerId))?.enabled) await releasePayout(payout);
  return payout;
}
