import type { Logger } from '@ticketing/common';
import type { PageQuery, PayoutJson, PayoutTotals, SellerPayoutsJson } from '@ticketing/common';
import { refreshSellerAccount } from './account-status';
import { Payout, type PayoutDoc, type PayoutState } from './payout';
import { accountStatusOf, findSellerAccount } from './seller-account';

// The JSON of GET /api/payments/payouts is common's API contract, which the web client reads too.
export type { PayoutJson, PayoutTotals, SellerPayoutsJson };

/**
 * The seller's side of a voided payout (the sale undone before any transfer) is the same as of a reversed one: the
 * money went back to the buyer, and the seller gets nothing for that sale.
 */
const SHOWN_STATE: Record<PayoutState, PayoutJson['state']> = {
  held: 'held',
  scheduled: 'scheduled',
  paid: 'paid',
  reversed: 'reversed',
  lost: 'lost',
  void: 'reversed',
};

const dollars = (cents: number): number => Math.round(cents) / 100;

export function toPayoutJson(payout: PayoutDoc): PayoutJson {
  const state = SHOWN_STATE[payout.state];
  return {
    orderId: payout._id,
    gross: dollars(payout.grossCents),
    fee: dollars(payout.feeCents),
    amount: dollars(payout.grossCents - payout.feeCents),
    state,
    ...((state === 'held' || state === 'scheduled') && { scheduledFor: payout.scheduledFor.toISOString() }),
    ...(payout.paidAt !== undefined && { paidAt: payout.paidAt.toISOString() }),
  };
}

/**
 * The totals over all of the seller's payouts: one aggregation by state (on MongoDB through the `sellerId` index; the
 * local engine reads the collection), so the page stays bounded while the totals cover everything.
 */
async function totalsOf(sellerId: string): Promise<PayoutTotals> {
  const rows = await Payout.aggregate<{ _id: PayoutState; cents: number }>([
    { $match: { sellerId } },
    { $group: { _id: '$state', cents: { $sum: { $subtract: ['$grossCents', '$feeCents'] } } } },
  ]);
  const totals: PayoutTotals = { held: 0, scheduled: 0, paid: 0, reversed: 0, lost: 0 };
  const cents: PayoutTotals = { ...totals };
  for (const row of rows) cents[SHOWN_STATE[row._id]] += row.cents;
  for (const state of Object.keys(totals) as Array<keyof PayoutTotals>) totals[state] = dollars(cents[state]);
  return totals;
}

/**
 * GET /api/payments/payouts (DESIGN §12): the seller's account status, a page of their payouts (newest order first,
 * `limit` and `before` as the other lists), and totals. A pending account is read from Stripe first (the seller may
 * just be back from onboarding, ahead of the webhook); Stripe unreachable leaves it as recorded.
 */
export async function sellerPayouts(sellerId: string, page: PageQuery, log: Logger): Promise<SellerPayoutsJson> {
  const account = await findSellerAccount(sellerId);
  let status = accountStatusOf(account);
  if (status === 'pending') {
    status = await refreshSellerAccount(sellerId, log).catch((error: unknown) => {
      log.warn({ err: error, sellerId }, 'reading the seller account from Stripe failed; answering as recorded');
      return status;
    });
  }
  const docs = await Payout.find(
    { sellerId, ...(page.before !== undefined && { _id: { $lt: page.before } }) },
    { outbox: 0 },
  )
    .sort({ _id: -1 })
    .limit(page.limit)
    .lean<PayoutDoc[]>();
  const last = docs[docs.length - 1];
  return {
    account: { status },
    payouts: docs.map(toPayoutJson),
    totals: await totalsOf(sellerId),
    ...(docs.length === page.limit && last && { next: last._id }),
  };
}
