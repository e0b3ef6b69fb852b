import { randomUUID } from 'node:crypto';
import type express from 'express';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { recordRequest } from './request-metrics';

declare module 'express-serve-static-core' {
  interface Request {
    /** The request id: the caller's `X-Request-ID` (the gateway or the ingress sets one), or a fresh UUID. */
    id: string;
    /** A logger whose lines carry this request's `reqId`; made the first time it is asked for. */
    readonly log: Logger;
  }
}

// The gateway's and ingress-nginx's ids are UUIDs; a caller's own id is kept if it is short and printable.
const REQUEST_ID = /^[\w.:-]{1,100}$/;
const childLog = Symbol('childLog');

/**
 * One log line per request, when its response ends: `{ reqId, method, route, path, status, ms }` (plus `aborted`
 * when the caller went away first), at `info` below 500 and `warn` from 500. Nothing from the headers or the body is
 * logged, so no cookie, authorization header or password can reach the logs, whatever the redaction paths say. The
 * same listener records the request's duration in the metrics (request-metrics.ts), with the same start time.
 *
 * Hand-written rather than pino-http: pino-http makes two child loggers per request and serializes the whole request
 * (headers included, then redacted) into one of them before the route runs, whether or not anything logs it. That was
 * the largest cost of our stack after the JWT key (bench/RESULTS.md, issue 13). Here a request costs a timestamp, an
 * id, one `close` listener and one histogram record (about 1.5 µs); `req.log` is a child logger made only for a request that asks for it (the error
 * handler, payments).
 */
export function requestLog(app: express.Express, log: Logger): RequestHandler {
  // On the app's request prototype, not on each request: nothing is allocated for a request that never logs.
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: express.Request & { [childLog]?: Logger }): Logger {
      return (this[childLog] ??= log.child({ reqId: this.id }));
    },
  });
  return (req, res, next) => {
    const started = performance.now();
    const incoming = req.headers['x-request-id'];
    req.id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', req.id);
    res.once('close', () => {
      const status = res.statusCode;
      const ms = performance.now() - started;
      // The route's pattern (`/api/tickets/:id`) groups requests for a dashboard; unmatched ones have none.
      const route = (req.route as { path?: unknown } | undefined)?.path;
      recordRequest(req.method, route, status, ms / 1_000);
      const line = {
        reqId: req.id,
        method: req.method,
        route,
        path: req.originalUrl.split('?', 1)[0],
        status,
        ms: Math.round(ms * 10) / 10,
        ...(!res.writableFinished && { aborted: true }),
      };
      if (status >= 500) log.warn(line, 'request completed');
      else log.info(line, 'request completed');
    });
    next();
  };
}
