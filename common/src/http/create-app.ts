import express, { type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { metricsRoute } from '../service/metrics';
import { errorHandler } from './error-handler';
import { notFound } from './not-found';
import { requestLog } from './request-log';
import { currentUser, installSession } from './session';
import type { SessionRevocations } from './session-revocations';

/**
 * What a service's `buildApp` gets to build an app with user routes: startService's logger and readiness, and the
 * session deny-list on the service's Redis. `C` is the service's config.
 */
export interface UserAppContext<C> {
  log: Logger;
  isReady: () => Promise<boolean>;
  config: C;
  revocations: SessionRevocations;
}

/** A service with user routes verifies session tokens and checks the deny-list; one without (expiration) does neither. */
export type SessionOptions =
  { jwtKey: string; revocations: SessionRevocations } | { jwtKey?: undefined; revocations?: undefined };

export type ServiceAppOptions = SessionOptions & {
  log: Logger;
  routers: Router[];
  /**
   * Routers that read the request body themselves, as it came (webhooks whose signature is over the raw bytes:
   * payments' Stripe webhooks, DESIGN §12): mounted before the JSON parser and the session, so no cookie or session
   * rule applies to them; every other part of the chain (headers, request log, 404, the error handler) does.
   */
  rawBodyRouters?: Router[];
  /** `/readyz` answers 200 only when this resolves true (DB, bus and Redis connected, not shutting down). */
  isReady: () => boolean | Promise<boolean>;
  /** TRUSTED_PROXY_HOPS: how many proxies' X-Forwarded-For entries to trust (`req.ip`, DESIGN §8). */
  trustedProxyHops: number;
  /** Secure cookies (default true); false on local plain-HTTP runs. */
  cookieSecure?: boolean;
  /** JSON body limit (default 10kb: no route of ours needs more). */
  jsonLimit?: string;
};

// An API answers JSON, never a document: nothing in it may load, run or be framed (the client's pages have their
// own policy). helmet's other defaults (nosniff, no X-Powered-By, HSTS, X-Frame-Options…) stay as they are.
const apiHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
});

/**
 * The Express app every service uses, with no I/O at build time (STYLE, practica): request logs with a request id,
 * security headers (helmet), `req.ip` through the trusted proxy hops only, a JSON body limit, the cookie session and `currentUser`, the service's routers, `/healthz` (process alive, checks
 * nothing outside), `/readyz` (dependencies) and `/metrics` (Prometheus text, service/metrics.ts), then 404 and the one error handler.
 */
export function createServiceApp(options: ServiceAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by'); // helmet removes the header too; disabling it means Express never sets it
  // Express hashes every response body (SHA-1) for a weak ETag, so that a client could revalidate with
  // If-None-Match. Our clients never do (the API's answers are per user and not cacheable), so it is pure cost.
  app.set('etag', false);
  // A hop count, not `true`: `true` takes the leftmost X-Forwarded-For entry, which the client writes; with n hops the
  // address is the one the nth proxy from us appended, which the client cannot choose (DESIGN §8).
  app.set('trust proxy', options.trustedProxyHops);
  app.use(apiHeaders);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await Promise.resolve(options.isReady()).catch(() => false);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });
  // Prometheus scrapes each pod on its own port; the gateway and the ingress never route it (DESIGN §14).
  app.get('/metrics', metricsRoute);

  // After the probes, which are polled every few seconds and would drown the request lines.
  app.use(requestLog(app, options.log));
  for (const router of options.rawBodyRouters ?? []) app.use(router);
  app.use(express.json({ limit: options.jsonLimit ?? '10kb' }));
  installSession(app, { secure: options.cookieSecure ?? true });
  if (options.jwtKey) app.use(currentUser(options.jwtKey, options.revocations));
  for (const router of options.routers) app.use(router);
  app.use(notFound);
  app.use(errorHandler(options.log));
  return app;
}

/** What {@link createUserApp} reads of a service's config. */
export interface UserAppConfig {
  JWT_KEY: string;
  TRUSTED_PROXY_HOPS: number;
}

/**
 * The app of a service with user routes (all but expiration): {@link createServiceApp} with the session verified by
 * the config's JWT_KEY and the context's deny-list, and the config's proxy hops.
 */
export function createUserApp<C extends UserAppConfig>(
  context: UserAppContext<C>,
  app: Pick<ServiceAppOptions, 'routers' | 'rawBodyRouters' | 'cookieSecure'>,
): express.Express {
  return createServiceApp({
    log: context.log,
    isReady: context.isReady,
    trustedProxyHops: context.config.TRUSTED_PROXY_HOPS,
    jwtKey: context.config.JWT_KEY,
    revocations: context.revocations,
    ...app,
  });
}
