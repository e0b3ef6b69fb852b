import { createServiceApp, type UserAppContext } from '@ticketing/common';
import type express from 'express';
import type { Config } from './config';
import { confirmPaymentRouter } from './routes/confirm-payment';
import { createPaymentRouter } from './routes/create-payment';
import { listPaymentsRouter } from './routes/list-payments';

/** The payments app, with no I/O at build time (the Stripe SDK connects on its first call). */
export function buildApp(context: UserAppContext<Config>): express.Express {
  const { log, isReady, config, revocations } = context;
  return createServiceApp({
    log,
    isReady,
    trustedProxyHops: config.TRUSTED_PROXY_HOPS,
    jwtKey: config.JWT_KEY,
    revocations,
    routers: [createPaymentRouter, confirmPaymentRouter, listPaymentsRouter],
  });
}
