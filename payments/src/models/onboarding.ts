import type { Logger, OnboardingJson } from '@ticketing/common';
import { createOnboardingLink } from '../stripe/payout-calls';
import { accountWatches } from './payout';
import { ensureSellerAccount } from './seller-account';

/**
 * A seller sets up payouts (DESIGN §12): their Express account is created once, then a fresh onboarding link made
 * for it, which returns to the client's `/payouts` page (or `/payouts/refresh`, which asks for a new link, when it
 * has expired). An account not enabled is watched, so that its status is read from Stripe until it is enabled even if the
 * `account.updated` webhook never arrives. Throws what Stripe throws.
 */
export async function startOnboarding(userId: string, clientUrl: string, log: Logger): Promise<OnboardingJson> {
  const { account, created } = await ensureSellerAccount(userId);
  if (created) log.info({ userId, accountId: account.stripeAccountId }, 'seller account created');
  // Each call, not only the one that created it (that one may have died right after): idempotent.
  if (!account.enabled) await accountWatches.watch(userId);
  const link = await createOnboardingLink({
    accountId: account.stripeAccountId,
    refreshUrl: new URL('/payouts/refresh', clientUrl).toString(),
    returnUrl: new URL('/payouts', clientUrl).toString(),
  });
  return { onboardingUrl: link.url };
}
