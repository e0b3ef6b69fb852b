import { createRedisClient, sessionRevocations, type ServiceDefinition } from '@ticketing/common';
import { buildApp } from './app';
import type { Config } from './config';
import { listeners, publishes } from './events';
import { charges } from './models/charge';
import { orderReplica } from './models/order-replica';
import { startChargeReconciler } from './models/reconcile-charges';
import { chargeWatches } from './models/charge-watch';
import { accountWatches, payouts, payoutWatches } from './models/payout';
import { startPayoutJob } from './models/payout-job';
import { observeHeldPayouts } from './models/payout-metrics';
import { configurePayoutTerms } from './models/record-sale';
import { sellerAccounts } from './models/seller-account';
import { appliedStripeEvents } from './models/stripe-events';
import { claimQuietMs, configureStripe, type StripeCallLimits, stripeCallMaxMs } from './stripe/stripe-client';

/**
 * The payments service (DESIGN §3, §7, §16): pays orders through Stripe's PaymentIntents, one charge per order,
 * refunds a charge that completed for an order cancelled meanwhile, and cancels the PaymentIntent of an order that can
 * no longer be paid. Publishes ChargeCreated, ChargeRefunded and ChargeDisputed through the charges' outbox; keeps an
 * order replica from the orders service's events. Pays sellers out through Stripe Connect (DESIGN §12): a payout per
 * completed order, transferred by the payout job once the event has taken place, and Stripe's webhooks.
 * Stripe is not a readiness dependency: when it is down, payments answer 503 but the service stays ready (listing
 * charges and applying events still work).
 */
export function paymentsService(config: Config): ServiceDefinition {
  const limits: StripeCallLimits = {
    timeoutMs: config.STRIPE_TIMEOUT_MS,
    networkRetries: config.STRIPE_NETWORK_RETRIES,
  };
  configureStripe({ secretKey: config.STRIPE_SECRET_KEY, apiUrl: config.STRIPE_API_URL, ...limits });
  configurePayoutTerms({ delaySeconds: config.PAYOUT_DELAY_SECONDS, feeBps: config.PLATFORM_FEE_BPS });
  observeHeldPayouts();
  const redis = createRedisClient(config.REDIS_URL, 'payments');
  return {
    name: 'payments',
    config,
    redis,
    publishes,
    listeners,
    stores: [charges, payouts],
    replicas: [orderReplica, chargeWatches, payoutWatches, accountWatches, sellerAccounts, appliedStripeEvents],
    // A SIGTERM lets the Stripe calls in flight finish (the SDK gives up after stripeCallMaxMs): their answers are
    // what says whether money moved.
    shutdownDeadlineMs: stripeCallMaxMs(limits) + 2_000,
    connect: async ({ log }) => {
      const reconciler = startChargeReconciler({
        intervalMs: config.PAYMENTS_RECONCILE_SECONDS * 1_000,
        quietMs: claimQuietMs(limits),
        batch: config.PAYMENTS_RECONCILE_BATCH,
        log,
      });
      const payoutJob = startPayoutJob({
        intervalMs: config.PAYOUTS_INTERVAL_SECONDS * 1_000,
        // A look makes up to four calls (list, read the intent, transfer, reverse): one more than a payment's claim.
        quietMs: claimQuietMs(limits) + stripeCallMaxMs(limits),
        batch: config.PAYMENTS_RECONCILE_BATCH,
        log,
      });
      return [
        { name: 'charge-reconciler', isReady: () => true, close: () => reconciler.stop() },
        { name: 'payout-job', isReady: () => true, close: () => payoutJob.stop() },
      ];
    },
    buildApp: ({ log, isReady }) => buildApp({ log, isReady, config, revocations: sessionRevocations(redis) }),
  };
}
