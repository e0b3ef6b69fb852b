import { createServiceApp, type Logger } from '@ticketing/common';
import type express from 'express';

/**
 * The expiration app: only `/healthz` and `/readyz` (readiness covers the bus and Redis). It has no user routes,
 * so no session key either. No I/O here: `index.ts` owns the lifecycle.
 */
export function buildApp(context: {
  log: Logger;
  isReady: () => Promise<boolean>;
  trustedProxyHops: number;
}): express.Express {
  return createServiceApp({ ...context, routers: [] });
}
