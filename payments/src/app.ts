import { createUserApp, type UserAppContext } from '@ticketing/common';
import type express from 'express';
import type { Config } from './config';
import { confirmPaymentRouter } from './routes/confirm-payment';
import { createPaymentRouter } from './routes/create-payment';
import { listPaymentsRouter } from './routes/list-payments';

/** The payments app, with no I/O at build time (the Stripe SDK connects on its first call). */
export function buildApp(context: UserAppContext<Config>): express.Express {
  return createUserApp(context, { routers: [createPaymentRouter, confirmPaymentRouter, listPaymentsRouter] });
}
