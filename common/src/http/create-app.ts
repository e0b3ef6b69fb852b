import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { errorHandler } from './error-handler';
import { notFound } from './not-found';
import { requestLog } from './request-log';
import { currentUser, installSession } from './session';

export interface ServiceAppOptions {
  log: Logger;
  routers: Router[];
  /** `/readyz` answers 200 only when this resolves true (DB and bus connected, not shutting down). */
  isReady: () => boolean | Promise<boolean>;
  /** Verifies session tokens; omit for services without user routes (expiration). */
  jwtKey?: string;
  /** Secure cookies (default true); false on local plain-HTTP runs. */
  cookieSecure?: boolean;
  /** JSON body limit (default 10kb: no route of ours needs more). */
  jsonLimit?: string;
}

/**
 * The Express app every service uses, with no I/O at build time (STYLE, practica): request logs with a request id,
 * a JSON body limit, the cookie session and `currentUser`, the service's routers, `/healthz` (process alive, checks
 * nothing outside) and `/readyz` (dependencies), then 404 and the one error handler.
 */
export function createServiceApp(options: ServiceAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Express hashes every response body (SHA-1) for a weak ETag, so that a client could revalidate with
  // If-None-Match. Our clients never do (the API's answers are per user and not cacheable), so it is pure cost.
  app.set('etag', false);
  app.set('trust proxy', true);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await Promise.resolve(options.isReady()).catch(() => false);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });

  // After the probes, which are polled every few seconds and would drown the request lines.
  app.use(requestLog(app, options.log));
  app.use(express.json({ limit: options.jsonLimit ?? '10kb' }));
  installSession(app, { secure: options.cookieSecure ?? true });
  if (options.jwtKey) app.use(currentUser(options.jwtKey));
  for (const router of options.routers) app.use(router);
  app.use(notFound);
  app.use(errorHandler(options.log));
  return app;
}
