import { createServiceApp, type UserAppContext } from '@ticketing/common';
import type express from 'express';
import type { Config } from './config';
import { createTicketRouter } from './routes/create-ticket';
import { listTicketsRouter } from './routes/list-tickets';
import { showTicketRouter } from './routes/show-ticket';
import { updateTicketRouter } from './routes/update-ticket';

/** The tickets HTTP API (DESIGN §3); no I/O here, the boot is runService's. */
export function buildApp(options: UserAppContext<Config>): express.Express {
  return createServiceApp({
    log: options.log,
    isReady: options.isReady,
    trustedProxyHops: options.config.TRUSTED_PROXY_HOPS,
    jwtKey: options.config.JWT_KEY,
    revocations: options.revocations,
    routers: [listTicketsRouter, showTicketRouter, createTicketRouter, updateTicketRouter],
  });
}
