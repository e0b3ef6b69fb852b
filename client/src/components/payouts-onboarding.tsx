'use client';

import { useEffect, useRef, useState } from 'react';
import { api } from '@/lib/api-browser';
import { Alert } from './alert';

/**
 * Asks payments for a fresh onboarding link (POST /api/payments/payouts/account) and leaves for it: Stripe's own pages
 * (the fake's page locally), which come back to /payouts when done, or to /payouts/refresh when the link expired.
 * The link is single-use, so it is asked for at the moment of leaving, never rendered into the page. Resolves with
 * the errors to show when it could not.
 */
async function goToOnboarding(): Promise<string[]> {
  const result = await api.startPayoutsOnboarding();
  if (!result.ok) return result.errors.map((e) => e.message);
  window.location.assign(result.data.onboardingUrl);
  return [];
}

/** The seller's button on /payouts: "Set up payouts" before they start, "Finish setting up" while Stripe waits. */
export function PayoutsOnboardingButton({ label }: { label: string }) {
  const [errors, setErrors] = useState<string[]>([]);
  const [leaving, setLeaving] = useState(false);

  async function onClick() {
    setLeaving(true);
    setErrors([]);
    const failed = await goToOnboarding();
    if (failed.length > 0) {
      setErrors(failed);
      setLeaving(false);
    }
  }

  return (
    <div>
      <Alert messages={errors} title="Could not open the payout setup" testId="payouts-setup-error" />
      <button type="button" className="button" onClick={onClick} disabled={leaving} data-testid="payouts-setup">
        {leaving ? 'Opening Stripe…' : label}
      </button>
    </div>
  );
}

/**
 * /payouts/refresh: Stripe sends the seller here when their onboarding link expired or was used; a new one is asked
 * for at once and followed. If that fails, the reason and a button to try again.
 */
export function PayoutsOnboardingRefresh() {
  const [errors, setErrors] = useState<string[]>([]);
  const started = useRef(false);

  useEffect(() => {
    // Once, even when React runs effects twice in development: each call makes a new link.
    if (started.current) return;
    started.current = true;
    void goToOnboarding().then(setErrors);
  }, []);

  if (errors.length === 0) {
    return (
      <p role="status" data-testid="payouts-refreshing">
        Opening a new link to Stripe…
      </p>
    );
  }
  return (
    <>
      <Alert messages={errors} title="Could not open the payout setup" testId="payouts-setup-error" />
      <PayoutsOnboardingButton label="Try again" />
    </>
  );
}
