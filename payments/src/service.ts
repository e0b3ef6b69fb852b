import { createRedisClient, sessionRevocations, type ServiceDefinition } from '@ticketing/common';
import { buildApp } from './app';
import type { Config } from './config';
import { listeners, publishes } from './events';
import { charges } from './models/charge';
import { orderReplica } from './models/order-replica';
import { startChargeReconciler } from './models/reconcile-charges';
import { configureStripe, STRIPE_CALL_MAX_MS } from './stripe/stripe-client';

/**
 * The payments service (DESIGN §3, §7): pays orders through Stripe's PaymentIntents, one charge per order, and
 * refunds a charge that completed for an order cancelled meanwhile. Publishes ChargeCreated and ChargeRefunded
 * through the charges' outbox; keeps an order replica from the orders service's events.
 * Stripe is not a readiness dependency: when it is down, payments answer 503 but the service stays ready (listing
 * charges and applying events still work).
 */
export function paymentsService(config: Config): ServiceDefinition {
  configureStripe({ secretKey: config.STRIPE_SECRET_KEY, apiUrl: config.STRIPE_API_URL });
  const redis = createRedisClient(config.REDIS_URL, 'payments');
  return {
    name: 'payments',
    config,
    redis,
    publishes,
    listeners,
    stores: [charges],
    replicas: [orderReplica],
    // A SIGTERM lets the Stripe calls in flight finish (the SDK gives up after STRIPE_CALL_MAX_MS): their answers are
    // what says whether money moved.
    shutdownDeadlineMs: STRIPE_CALL_MAX_MS + 2_000,
    connect: async ({ log }) => {
      const reconciler = startChargeReconciler({ intervalMs: config.PAYMENTS_RECONCILE_SECONDS * 1_000, log });
      return [{ name: 'charge-reconciler', isReady: () => true, close: () => reconciler.stop() }];
    },
    buildApp: ({ log, isReady }) => buildApp({ log, isReady, config, revocations: sessionRevocations(redis) }),
  };
}
