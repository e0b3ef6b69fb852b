// The calls payments makes to Stripe for sellers' payouts: the requests of payout-requests.ts, sent with the
// service's SDK client.
import type Stripe from 'stripe';
import {
  accountLinkRequest,
  createAccountRequest,
  createTransferRequest,
  listOrderTransfersRequest,
  reverseTransferRequest,
} from './payout-requests';
import { stripe } from './stripe-client';
import { timedStripeCall } from './stripe-metrics';

/** Creates the seller's Express account, once per seller (the key is the user id). */
export function createSellerAccount(seller: { userId: string }): Promise<Stripe.Account> {
  return timedStripeCall('create_account', () => stripe().accounts.create(...createAccountRequest(seller)));
}

/** A fresh onboarding link for the seller's account. */
export function createOnboardingLink(link: {
  accountId: string;
  refreshUrl: string;
  returnUrl: string;
}): Promise<Stripe.AccountLink> {
  return timedStripeCall('create_account_link', () => stripe().accountLinks.create(...accountLinkRequest(link)));
}

/** The account as Stripe has it now (whether it can receive transfers). */
export function retrieveSellerAccount(accountId: string): Promise<Stripe.Account> {
  return timedStripeCall('retrieve_account', () => stripe().accounts.retrieve(accountId));
}

/** The transfers Stripe has in the order's transfer group (at most one, when we made it). */
export async function orderTransfers(orderId: string): Promise<Stripe.Transfer[]> {
  const page = await timedStripeCall('list_transfers', () =>
    stripe().transfers.list(...listOrderTransfersRequest({ orderId })),
  );
  return page.data;
}

/** Transfers the seller's payout for one order, once per order. */
export function createOrderTransfer(payout: {
  orderId: string;
  amountCents: number;
  destination: string;
  sourceTransaction: string;
}): Promise<Stripe.Transfer> {
  return timedStripeCall('create_transfer', () => stripe().transfers.create(...createTransferRequest(payout)));
}

/** Reverses an order's transfer in full, once per order. */
export function reverseOrderTransfer(payout: {
  orderId: string;
  transferId: string;
}): Promise<Stripe.TransferReversal> {
  return timedStripeCall('reverse_transfer', () =>
    stripe().transfers.createReversal(...reverseTransferRequest(payout)),
  );
}
