import type { Metadata } from 'next';
import { LoadFailed } from '@/components/load-failed';
import { PayoutsOnboardingRefresh } from '@/components/payouts-onboarding';
import { getPayouts } from '@/lib/api-server';

export const metadata: Metadata = { title: 'Set up payouts' };

/**
 * Stripe's `refresh_url` (DESIGN §12): the seller's onboarding link expired or was already used, so a fresh one is
 * asked for and followed. Signed out, they are asked to sign in first.
 */
export default async function PayoutsRefreshPage() {
  // Only to know the visitor is signed in (the link is asked for by the browser, which holds the session).
  const payouts = await getPayouts();
  return (
    <div className="narrow">
      <h1>Set up payouts</h1>
      {payouts.ok ? (
        <PayoutsOnboardingRefresh />
      ) : (
        <LoadFailed
          failure={payouts}
          signInTo="set up payouts"
          title="Could not load your payouts"
          testId="payouts-error"
        />
      )}
    </div>
  );
}
