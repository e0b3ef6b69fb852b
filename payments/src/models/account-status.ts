import type { Logger } from '@ticketing/common';
import { retrieveSellerAccount } from '../stripe/payout-calls';
import { accountWatches } from './payout';
import { releaseHeldPayouts } from './release-payouts';
import { type AccountStatus, findSellerAccount, isAccountEnabled, storeAccountStatus } from './seller-account';
import type { WatchDoc } from './watch-list';

/** The longest a pending account goes without being read from Stripe. */
const ACCOUNT_CHECK_MAX_MS = 60 * 60_000;

/**
 * Reads the seller's account from Stripe and stores its status (an `account.updated` webhook, the periodic backstop,
 * or the seller's own look at their payouts): Stripe's answer now, never an event's copy, so webhooks that arrive
 * late or out of order cannot move the status backwards. Once the account is enabled, its held payouts are released
 * (each once: releaseHeldPayouts). Throws what Stripe throws.
 */
export async function refreshSellerAccount(userId: string, log: Logger): Promise<AccountStatus> {
  const account = await findSellerAccount(userId);
  if (!account) return 'none';
  const atStripe = await retrieveSellerAccount(account.stripeAccountId);
  if (await storeAccountStatus(userId, atStripe)) log.info({ userId, accountId: atStripe.id }, 'seller enabled');
  if (!isAccountEnabled(atStripe)) return 'pending';
  // Whoever stored "enabled" first may have died before releasing: releasing is idempotent, so each look does it.
  await releaseHeldPayouts(userId, log);
  return 'enabled';
}

/**
 * The backstop's look at one watched seller (DESIGN §12: accounts with held payouts are read from Stripe
 * periodically): no account yet → the watch is dropped (creating the account watches it again); enabled → its held
 * payouts released and the watch dropped; still pending → looked at again later, less often the longer it waits.
 */
export async function lookAtAccount(watch: WatchDoc, intervalMs: number, log: Logger): Promise<void> {
  const status = await refreshSellerAccount(watch._id, log);
  if (status !== 'pending') {
    await accountWatches.unwatch(watch._id);
    return;
  }
  const waited = Date.now() - watch.since.getTime();
  const wait = Math.min(Math.max(waited, intervalMs), ACCOUNT_CHECK_MAX_MS);
  await accountWatches.reschedule(watch._id, new Date(Date.now() + wait));
}
