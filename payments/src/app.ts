import { createServiceApp, type Logger } from '@ticketing/common';
import type express from 'express';
import type { Config } from './config';
import { confirmPaymentRouter } from './routes/confirm-payment';
import { createPaymentRouter } from './routes/create-payment';
import { listPaymentsRouter } from './routes/list-payments';

/** The payments app, with no I/O at build time (the Stripe SDK connects on its first call). */
export function buildApp(context: { log: Logger; isReady: () => Promise<boolean>; config: Config }): express.Express {
  const { log, isReady, config } = context;
  return createServiceApp({
    log,
    isReady,
    jwtKey: config.JWT_KEY,
    routers: [createPaymentRouter, confirmPaymentRouter, listPaymentsRouter],
  });
}
