import { createServiceApp, type Logger } from '@ticketing/common';
import type express from 'express';

/**
 * The expiration app: only `/healthz` and `/readyz` (readiness covers the bus and Redis). It has no user routes,
 * so no session key either. No I/O here: `index.ts` owns the lifecycle.
 */
export function buildApp({ log, isReady }: { log: Logger; isReady: () => Promise<boolean> }): express.Express {
  return createServiceApp({ log, isReady, routers: [] });
}
