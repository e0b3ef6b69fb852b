import { type Logger, type PeriodicTask, startPeriodicTask } from '@ticketing/common';
import { lookAtAccount } from './account-status';
import { accountWatches, payoutWatches } from './payout';
import { lookAtPayout } from './settle-payout';
import { forgetOldStripeEvents } from './stripe-events';
import { lookAtDueWatches } from './watch-list';

/**
 * The payout job (DESIGN §12), every `intervalMs` and at start: transfers the payouts that are due and takes back
 * those whose sale was undone (settle-payout.ts), reads the pending accounts of sellers with held payouts from Stripe
 * (the backstop of `account.updated`), and forgets Stripe event ids past their week. Each list is read oldest
 * looked-at first, a bounded batch at a time, each watch taken by one replica per look: safe with any number of
 * replicas. `quietMs` is a look's quiet time: how long its Stripe calls may run.
 */
export function startPayoutJob(options: {
  intervalMs: number;
  quietMs: number;
  batch: number;
  log: Logger;
}): PeriodicTask {
  const { intervalMs, quietMs, batch, log } = options;
  // Each list gets a share of half the interval: a pass ends before the next tick.
  const pass = { batch, quietMs, budgetMs: intervalMs / 4 };
  return startPeriodicTask({
    name: 'payout job',
    intervalMs,
    log,
    runAtStart: true,
    run: async () => {
      await lookAtDueWatches(payoutWatches, pass, (watch) => lookAtPayout(watch, quietMs, log), log, 'payout');
      await lookAtDueWatches(accountWatches, pass, (watch) => lookAtAccount(watch, intervalMs, log), log, 'account');
      const forgotten = await forgetOldStripeEvents();
      if (forgotten > 0) log.info({ forgotten }, 'Stripe event ids past their week forgotten');
    },
  });
}
