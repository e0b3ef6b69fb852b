import { meter } from '@ticketing/common';
import { Payout } from './payout';

let observed = false;

/**
 * `ticketing.payouts.held` (Prometheus: `ticketing_payouts_held`), a gauge of the payouts held because their seller
 * cannot be paid yet (DESIGN §14): counted at each scrape, not kept in memory, so every replica reports the same
 * truth (on MongoDB through the `state` index; the local engine reads the collection). Registered once per process.
 */
export function observeHeldPayouts(): void {
  if (observed) return;
  observed = true;
  const held = meter().createObservableGauge('ticketing.payouts.held', {
    description: 'Seller payouts held because the seller cannot be paid yet (no enabled Stripe account)',
  });
  held.addCallback(async (result) => {
    // Before the database is connected (or while it is down) the gauge is left out of the scrape, not reported as 0.
    const count = await Payout.countDocuments({ state: 'held' }).catch(() => undefined);
    if (count !== undefined) result.observe(count);
  });
}
