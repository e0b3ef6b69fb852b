import { createUserApp, type UserAppContext } from '@ticketing/common';
import type express from 'express';
import type { Config } from './config';
import { confirmPaymentRouter } from './routes/confirm-payment';
import { createPaymentRouter } from './routes/create-payment';
import { listPaymentsRouter } from './routes/list-payments';
import { listPayoutsRouter } from './routes/list-payouts';
import { payoutsAccountRouter } from './routes/payouts-account';
import { stripeWebhookRouter } from './webhooks/stripe-webhook-router';

/** The payments app, with no I/O at build time (the Stripe SDK connects on its first call). */
export function buildApp(context: UserAppContext<Config>): express.Express {
  const { config } = context;
  return createUserApp(context, {
    routers: [
      createPaymentRouter,
      confirmPaymentRouter,
      listPaymentsRouter,
      payoutsAccountRouter(config.CLIENT_URL),
      listPayoutsRouter,
    ],
    // Stripe's calls: the raw body (its signature is over the bytes), no session rules (DESIGN §12).
    rawBodyRouters: [
      stripeWebhookRouter({ platform: config.STRIPE_WEBHOOK_SECRET, connect: config.STRIPE_CONNECT_WEBHOOK_SECRET }),
    ],
  });
}
