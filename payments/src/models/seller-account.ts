import { defineModel, isDuplicateKeyError, type PayoutAccountStatus } from '@ticketing/common';
import { Schema } from 'mongoose';
import type Stripe from 'stripe';
import { createSellerAccount } from '../stripe/payout-calls';

/** A seller's Stripe Connect Express account (DESIGN §12), one per user: `_id` is the user id (a unique key). */
export interface SellerAccountDoc {
  /** The seller's user id. */
  _id: string;
  /** The connected account (`acct_…`). */
  stripeAccountId: string;
  /** Stripe says `payouts_enabled` and the `transfers` capability is `active`: transfers can be made to it. */
  enabled: boolean;
  createdAt: Date;
  /** When its status was last read from Stripe (or from a webhook). */
  checkedAt?: Date;
}

/** What GET /api/payments/payouts says of the account (common's API contract). */
export type AccountStatus = PayoutAccountStatus;

const SellerAccount = defineModel<SellerAccountDoc>(
  'SellerAccount',
  new Schema<SellerAccountDoc>(
    {
      _id: { type: String, required: true },
      stripeAccountId: { type: String, required: true },
      enabled: { type: Boolean, required: true },
      createdAt: { type: Date, required: true },
      checkedAt: { type: Date },
    },
    { collection: 'seller_accounts', versionKey: false, id: false },
  ),
);

/** For the service's boot. */
export const sellerAccounts = { init: () => SellerAccount.init().then(() => undefined) };

/** The seller's account, or null when they have not set up payouts. */
export function findSellerAccount(userId: string): Promise<SellerAccountDoc | null> {
  return SellerAccount.findById(userId).lean<SellerAccountDoc>().exec();
}

export function accountStatusOf(account: SellerAccountDoc | null): AccountStatus {
  if (!account) return 'none';
  return account.enabled ? 'enabled' : 'pending';
}

/** Whether Stripe lets the platform transfer to the account (DESIGN §12). */
export function isAccountEnabled(account: Stripe.Account): boolean {
  return account.payouts_enabled === true && account.capabilities?.transfers === 'active';
}

/**
 * The seller's account, created at Stripe the first time (an Express account with the `transfers` capability). Two
 * concurrent first calls send the same idempotency key (`account:<userId>`), so Stripe makes one account and answers
 * both with it; the insert on the user id keeps one record. Resolves with the record and whether this call made it.
 */
export async function ensureSellerAccount(userId: string): Promise<{ account: SellerAccountDoc; created: boolean }> {
  const existing = await findSellerAccount(userId);
  if (existing) return { account: existing, created: false };
  const account = await createSellerAccount({ userId });
  const doc: SellerAccountDoc = {
    _id: userId,
    stripeAccountId: account.id,
    enabled: isAccountEnabled(account),
    createdAt: new Date(),
  };
  try {
    await SellerAccount.collection.insertOne(doc as never);
    return { account: doc, created: true };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const stored = await findSellerAccount(userId);
  if (!stored) throw new Error(`seller account of ${userId} vanished`);
  return { account: stored, created: false };
}

/**
 * Stores what Stripe says of the account now. Resolves with whether the account became enabled by this write (its
 * held payouts are then to be released). A conditional update, so of two writers of the same news one "enables".
 */
export async function storeAccountStatus(userId: string, account: Stripe.Account): Promise<boolean> {
  const enabled = isAccountEnabled(account);
  const result = await SellerAccount.collection.updateOne(
    { _id: userId, stripeAccountId: account.id, enabled: !enabled } as never,
    { $set: { enabled, checkedAt: new Date() } },
  );
  return enabled && result.modifiedCount === 1;
}
