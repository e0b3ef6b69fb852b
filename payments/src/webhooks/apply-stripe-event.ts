import type { Logger } from '@ticketing/common';
import type Stripe from 'stripe';
import { refreshSellerAccount } from '../models/account-status';
import { recordDispute, recordOutsideRefund } from '../models/charge-disputes';
import { settleFromPaymentIntent } from '../models/settle-from-payment-intent';
import { charges } from '../models/charge';
import { newestRefundOf, retrieveIntent } from '../stripe/payment-calls';

/** What applying one Stripe event came to (logged, and answered to Stripe as `applied`). */
export type StripeEventOutcome = 'applied' | 'ignored';

/** The id of an object field that Stripe sends as an id or, expanded, as the object. */
function idOf(field: string | { id: string } | null | undefined): string | undefined {
  return typeof field === 'string' ? field : field?.id;
}

/** The order a PaymentIntent pays: its `metadata.orderId` (payment-requests.ts), read from Stripe when not at hand. */
async function orderOfIntent(intent: string | Stripe.PaymentIntent | null | undefined): Promise<string | undefined> {
  if (!intent) return undefined;
  const full = typeof intent === 'string' ? await retrieveIntent(intent) : intent;
  return full.metadata?.orderId;
}

/**
 * The refund behind `charge.refunded`, unless the order's charge has its refund recorded already (ours: the event
 * follows every refund we make): the charge's newest refund, or Stripe's list when the event does not carry it.
 */
async function outsideRefundOf(orderId: string, charge: Stripe.Charge): Promise<string | undefined> {
  if ((await charges.find(orderId))?.stripeRefundId !== undefined) return undefined;
  const carried = charge.refunds?.data[0]?.id;
  if (carried) return carried;
  const intent = idOf(charge.payment_intent);
  return intent === undefined ? undefined : (await newestRefundOf(intent))?.id;
}

/**
 * Applies one verified Stripe event (DESIGN §12). Every effect reads what it needs from Stripe or from our records
 * and is written by a conditional update, so an event delivered twice, late or out of order changes nothing more:
 *  - `payment_intent.succeeded` / `payment_intent.payment_failed`: the order's charge is settled at once from its
 *    intent as Stripe has it now (the same path as the buyer's confirmation, settle-from-payment-intent.ts);
 *  - `account.updated` (Connect): the seller's status is read from Stripe, and held payouts released once enabled;
 *  - `charge.dispute.created`: the dispute is recorded with ChargeDisputed, and the payout voided or reversed;
 *  - `charge.refunded`: a refund made outside the app is recorded with ChargeRefunded, and the payout voided or
 *    reversed, once the charge is refunded whole (a partial refund is logged and left to the platform).
 * Any other type is acknowledged and ignored. Throws what Stripe or the database throws (Stripe delivers again).
 */
export async function applyStripeEvent(event: Stripe.Event, log: Logger): Promise<StripeEventOutcome> {
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed': {
      const orderId = event.data.object.metadata?.orderId;
      if (!orderId) return 'ignored';
      await settleFromPaymentIntent(orderId, log);
      return 'applied';
    }
    case 'account.updated': {
      const userId = event.data.object.metadata?.userId;
      if (!userId) return 'ignored';
      await refreshSellerAccount(userId, log);
      return 'applied';
    }
    case 'charge.dispute.created': {
      const dispute = event.data.object;
      const orderId = await orderOfIntent(dispute.payment_intent);
      if (!orderId) return 'ignored';
      await recordDispute(orderId, { id: dispute.id, amount: dispute.amount }, log);
      return 'applied';
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const orderId = await orderOfIntent(charge.payment_intent);
      // A charge is refunded whole or not at all here (ChargeRefunded carries its whole amount, and the payout is
      // undone whole): a part refunded in the dashboard is the platform's to bear, until the rest follows.
      if (orderId && !charge.refunded) {
        log.warn({ orderId, amountRefunded: charge.amount_refunded }, 'part of a charge refunded outside the app');
        return 'ignored';
      }
      const refundId = orderId === undefined ? undefined : await outsideRefundOf(orderId, charge);
      if (!orderId || !refundId) return 'ignored';
      await recordOutsideRefund(orderId, refundId, log);
      return 'applied';
    }
    default:
      return 'ignored';
  }
}
