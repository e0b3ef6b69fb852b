// The requests payments sends to Stripe for sellers' payouts (DESIGN §12: Connect Express, separate charges and
// transfers), as the SDK's arguments and nothing else, like payment-requests.ts: infra/stripe-fake's parity test sends
// these very requests to stripe-mock. payout-calls.ts sends them.
import type Stripe from 'stripe';

/**
 * The seller's Express connected account, with the `transfers` capability requested (what a transfer's `destination`
 * needs). Keyed `account:<userId>`: two concurrent first calls get one account. The user id is in the metadata, so a
 * webhook about the account finds its seller by `_id`.
 */
export function createAccountRequest(seller: { userId: string }): [Stripe.AccountCreateParams, Stripe.RequestOptions] {
  return [
    {
      type: 'express',
      capabilities: { transfers: { requested: true } },
      metadata: { userId: seller.userId },
    },
    { idempotencyKey: `account:${seller.userId}` },
  ];
}

/**
 * A fresh onboarding link for the account (links are single-use and expire within minutes, so one is made per call):
 * `refresh_url` is where Stripe sends a seller whose link has expired (the client's `/payouts/refresh` page asks for
 * a new one), `return_url` where the seller lands when done.
 */
export function accountLinkRequest(link: {
  accountId: string;
  refreshUrl: string;
  returnUrl: string;
}): [Stripe.AccountLinkCreateParams] {
  return [
    { account: link.accountId, refresh_url: link.refreshUrl, return_url: link.returnUrl, type: 'account_onboarding' },
  ];
}

/**
 * The transfers of an order's group: before any create, because Stripe forgets idempotency keys after 24 hours and a
 * transfer made by a process that died before recording it must be found, not made again.
 */
export function listOrderTransfersRequest(order: { orderId: string }): [Stripe.TransferListParams] {
  return [{ transfer_group: order.orderId, limit: 10 }];
}

/**
 * The seller's payout for one order: `amount` (cents, the sale less the platform's fee) to the seller's account,
 * funded by the order's charge (`source_transaction`, so it never waits on the platform's available balance), in the
 * order's transfer group. Keyed `transfer:<orderId>`: at most one transfer per order within Stripe's key window.
 */
export function createTransferRequest(payout: {
  orderId: string;
  amountCents: number;
  destination: string;
  sourceTransaction: string;
}): [Stripe.TransferCreateParams, Stripe.RequestOptions] {
  return [
    {
      amount: payout.amountCents,
      currency: 'usd',
      destination: payout.destination,
      source_transaction: payout.sourceTransaction,
      transfer_group: payout.orderId,
      metadata: { orderId: payout.orderId },
    },
    { idempotencyKey: `transfer:${payout.orderId}` },
  ];
}

/**
 * Takes a payout back in full (the sale was refunded or disputed after the transfer). Keyed `reverse:<orderId>`: the
 * paths that may reverse one order's transfer get one reversal.
 */
export function reverseTransferRequest(payout: {
  orderId: string;
  transferId: string;
}): [string, Stripe.TransferCreateReversalParams, Stripe.RequestOptions] {
  return [
    payout.transferId,
    { metadata: { orderId: payout.orderId } },
    { idempotencyKey: `reverse:${payout.orderId}` },
  ];
}
