// The local stand-in for ingress-nginx (DESIGN §2): one HTTP server that sends each request, unchanged, to the
// service that owns its path prefix in infra/routes.json. The proxying itself is http-proxy-middleware's; this file
// decides where a request goes, what the gateway adds to it, and what the caller gets when the target is down.
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { Logger } from 'pino';
import { matchRoute, type Route } from './route-table';

/** Options of {@link createGateway}. */
export interface GatewayOptions {
  /** The route table (infra/routes.json); longest matching prefix wins. */
  routes: readonly Route[];
  /** Base URL of each service named in `routes`, e.g. `{ auth: 'http://127.0.0.1:4001' }`. */
  targets: Readonly<Record<string, string>>;
  /** One line per request (reqId, method, path, upstream, status, ms) and one per proxy error. Silent if omitted. */
  logger?: Logger;
}

/** What a request is routed to, kept beside it for the proxy's router and error handler. */
interface Routing {
  service: string;
  target: string;
  reqId: string;
}

// ingress-nginx keeps a caller's X-Request-ID and makes one otherwise; services put it on every log line (reqId).
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * An http.Server (not listening yet) that proxies every request to the target of its route, with the path, query,
 * method, body, cookies and Set-Cookie untouched (no path rewrite, no cookie rewrite, the Host header kept, as the
 * Ingress does). It sets X-Forwarded-For/Proto/Host/Port from the connection, replacing any the caller sent (a
 * caller must not be able to pose as another address), and X-Request-ID when the caller sent none.
 *
 * When a target cannot be reached it answers 502 `{ errors: [{ message }] }` (DESIGN §3's error shape); when a
 * target fails after its response has started, the connection to the caller is closed. Neither throws: a proxy
 * error never crashes the gateway. A request target that is not a path gets 400, a path no route takes 404.
 *
 * @throws Error when a route names a service that has no target.
 */
export function createGateway({ routes, targets, logger }: GatewayOptions): http.Server {
  const missing = [...new Set(routes.map((route) => route.service))].filter((service) => !targets[service]);
  if (missing.length > 0) throw new Error(`no target for routed service(s): ${missing.join(', ')}`);

  const routing = new WeakMap<IncomingMessage, Routing>();
  const proxy = createProxyMiddleware<IncomingMessage, ServerResponse>({
    router: (req) => routing.get(req)?.target ?? '',
    changeOrigin: false,
    xfwd: false,
    on: {
      error: (error, req, res) => {
        const routed = routing.get(req);
        const code = (error as NodeJS.ErrnoException).code;
        logger?.warn({ reqId: routed?.reqId, upstream: routed?.service, code, err: error.message }, 'proxy error');
        answerProxyError(res, routed?.service ?? 'upstream');
      },
      proxyRes: (proxyRes, req, res) => {
        // http-proxy pipes the upstream's response into ours, and a pipe does not pass on a premature end: an
        // upstream that dies mid-response would leave the caller waiting forever. Break the caller's response too.
        proxyRes.once('close', () => {
          if (!proxyRes.complete) {
            const routed = routing.get(req);
            logger?.warn({ reqId: routed?.reqId, upstream: routed?.service }, 'upstream response cut short');
            res.destroy();
          }
        });
      },
    },
  });

  return http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const url = req.url ?? '';
    // Only origin-form targets ("/path?query") are routed; absolute-form and "*" are for forward proxies.
    if (!url.startsWith('/')) return sendError(res, 400, 'The request target must be a path');
    const route = matchRoute(routes, url);
    const target = route && targets[route.service];
    if (!route || !target) return sendError(res, 404, 'Not found');

    const reqId = validRequestId(req.headers['x-request-id']) ?? randomUUID();
    setForwardedHeaders(req, reqId);
    routing.set(req, { service: route.service, target, reqId });
    res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // `upstream`, not `service`: `service` names the process on every line (gateway), as in the services' logs.
      const fields = { reqId, method: req.method, path: url.split('?', 1)[0], upstream: route.service };
      logger?.info({ ...fields, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'proxied');
    });
    // next() is only called when the proxy could not even be prepared (no target); answer as for a down target.
    void proxy(req, res, () => answerProxyError(res, route.service));
  });
}

function validRequestId(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && REQUEST_ID.test(value) ? value : undefined;
}

function setForwardedHeaders(req: IncomingMessage, reqId: string): void {
  const { headers, socket } = req;
  headers['x-forwarded-for'] = socket.remoteAddress ?? '';
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-host'] = headers.host ?? '';
  headers['x-forwarded-port'] = String(socket.localPort ?? '');
  headers['x-request-id'] = reqId;
}

function answerProxyError(res: ServerResponse | Socket, service: string): void {
  if (!('writeHead' in res)) {
    res.destroy();
    return;
  }
  // Half a response is already on its way: the caller must see a broken response, not a 502 glued to it.
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendError(res, 502, `The ${service} service is unavailable`);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify({ errors: [{ message }] });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
