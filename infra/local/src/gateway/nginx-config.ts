// The local gateway's nginx.conf, made from infra/routes.json: the same nginx as the production ingress
// (ingress-nginx), routing the same table the same way. Pure: the text only, written and run by start-gateway.ts.
import path from 'node:path';
import { API_REQUEST_LINE, edgeErrorLocations, edgeErrorPages } from './edge-errors';
import type { Route } from './route-table';

/** What {@link nginxConfig} needs. */
export interface NginxConfigOptions {
  /** The route table (infra/routes.json); longest matching prefix wins, as pathType Prefix in the Ingress. */
  routes: readonly Route[];
  /** Base URL of each service named in `routes`, e.g. `{ auth: 'http://127.0.0.1:4001' }`. */
  targets: Readonly<Record<string, string>>;
  host: string;
  port: number;
  /** A folder of the gateway's own (pid file, temp folders). */
  dir: string;
  /** Where the JSON access lines go, and nginx's own errors: a file, or `/dev/stdout` for the process's stdout. */
  logFile: string;
  /** How long a service may take to send its answer (or the next part of it) before the gateway answers 504; 60 s. */
  readTimeoutSeconds?: number;
}

// Idle connections to each service, reused across requests (the gateway's cost is mostly new connections without
// them). As many as there can be requests in flight: with a smaller pool, 200 clients made nginx close and reopen
// connections all the time, and some of those connects waited 3 s (SYN retransmits; bench/RESULTS.md, issue 13).
// Closed after 4 s idle, before Node's own 5 s keep-alive timeout closes them under a request (a 502).
const UPSTREAM_KEEPALIVE = 'keepalive 1024;\n    keepalive_requests 100000;\n    keepalive_timeout 4s;';

// ingress-nginx keeps a caller's X-Request-ID and makes one otherwise; services put it on every log line (reqId).
// nginx's $request_id is 32 hex digits; written as a UUID (8-4-4-4-12), as the gateway made them before.
const REQUEST_ID_MAPS = `map $request_id $gateway_uuid {
    "~^(?<rid_a>.{8})(?<rid_b>.{4})(?<rid_c>.{4})(?<rid_d>.{4})(?<rid_e>.{12})$" "$rid_a-$rid_b-$rid_c-$rid_d-$rid_e";
  }
  map $http_x_request_id $gateway_request_id {
    "~^[A-Za-z0-9_.:-]{1,128}$" $http_x_request_id;
    default $gateway_uuid;
  }`;

// One JSON line per request, in the shape of the services' pino lines (level 30 info, 50 error for a 5xx).
const LOG_FORMAT = `map $status $gateway_level {
    "~^5" 50;
    default 30;
  }
  map $request_uri $gateway_path {
    "~^(?<path_only>[^?]*)" $path_only;
  }
  log_format gateway escape=json '{"level":$gateway_level,"time":"$time_iso8601","service":"gateway",'
    '"reqId":"$gateway_request_id","method":"$request_method","path":"$gateway_path",'
    '"upstream":"$gateway_upstream","status":$status,"seconds":$request_time,"msg":"proxied"}';`;

// Whether a request is to the API, from its request line (edge-errors.ts): its edge errors are JSON, a page's HTML.
const API_REQUEST_MAP = `map $request $gateway_api_request {
    ${API_REQUEST_LINE} 1;
    default 0;
  }`;

/**
 * The nginx.conf of the local gateway: one `upstream` per service (keep-alive), and for each route of the table the
 * two locations that make pathType Prefix (`= /api/users` and `/api/users/`, so `/api/usersx` is not taken), each
 * sending the request unchanged (no path or cookie rewrite, the Host header kept, bodies and answers streamed). It
 * sets X-Forwarded-For/Real-IP to the peer address, replacing any the caller sent (a caller must not pose as another
 * address, DESIGN §8), X-Forwarded-Proto/Host/Port from the connection, and X-Request-ID when the caller sent none.
 * Every error nginx makes itself (a service that cannot be reached, 502; one that does not answer in time, 504; a
 * body over 1 MB, 413; a URL or header it refuses, 400/414; a path under /api no route takes, 404) is answered under
 * /api in the error shape `{ errors: [{ message }] }` (DESIGN §3; edge-errors.ts) and as nginx's HTML page elsewhere;
 * a request target that is not a path (a forward-proxy request) is a 400 in the same shape.
 *
 * @throws Error when a route names a service that has no target, or a target is not an http://host:port URL.
 */
export function nginxConfig(options: NginxConfigOptions): string {
  const { routes, targets } = options;
  const services = [...new Set(routes.map((route) => route.service))];
  const missing = services.filter((service) => !targets[service]);
  if (missing.length > 0) throw new Error(`no target for routed service(s): ${missing.join(', ')}`);

  const upstreams = services.map(
    (service) => `upstream ${upstreamName(service)} {
    server ${hostPort(targets[service] ?? '', service)};
    ${UPSTREAM_KEEPALIVE}
  }`,
  );
  const locations = routes.flatMap((route) => routeLocations(route));
  // The edge answers a path under /api that no API route takes (not the client: a 404 page is no API answer), as
  // the Ingress sends /api to the error backend (infra/k8s/base/edge-errors.yaml).
  if (!routes.some((route) => route.path === '/api')) {
    locations.push('location = /api {\n      return 404;\n    }', 'location /api/ {\n      return 404;\n    }');
  }
  if (!routes.some((route) => route.path === '/')) locations.push('location / {\n      return 404;\n    }');
  const dir = path.resolve(options.dir);
  const temp = (name: string): string => `${name}_temp_path ${path.join(dir, `${name}-temp`)};`;
  const listen = options.host.includes(':') ? `[${options.host}]:${options.port}` : `${options.host}:${options.port}`;

  return `# Made from infra/routes.json by infra/local (src/gateway/nginx-config.ts) at each start; edits are lost.
daemon off;
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${options.logFile} warn;

events {
  worker_connections 4096;
}

http {
  ${temp('client_body')}
  ${temp('proxy')}
  ${temp('fastcgi')}
  ${temp('uwsgi')}
  ${temp('scgi')}
  server_tokens off;
  ${REQUEST_ID_MAPS}
  ${API_REQUEST_MAP}
  ${LOG_FORMAT}
  access_log ${options.logFile} gateway;

  ${upstreams.join('\n  ')}

  server {
    listen ${listen};
    default_type application/json;
    # $gateway_upstream is set by the route that takes the request; not here, where an error's internal redirect
    # would clear it again. Where no route took it, it is empty (without a warning each time).
    uninitialized_variable_warn off;
    # Only origin-form targets ("/path?query"): absolute-form and "*" are for forward proxies.
    if ($request !~ "^[A-Z]+ /") {
      return 400 '${errorBody('The request target must be a path')}';
    }

    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $remote_addr;
    proxy_set_header X-Real-IP $remote_addr;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header X-Forwarded-Host $http_host;
    proxy_set_header X-Forwarded-Port $server_port;
    proxy_set_header X-Request-ID $gateway_request_id;
    # As ingress-nginx by default: answers are streamed as they come, bodies are read first. Bodies are kept in
    # memory up to nginx's 1 MB limit, so that its workers never need a temp file.
    proxy_buffering off;
    client_body_buffer_size 1m;
    client_max_body_size 1m;
    proxy_connect_timeout 5s;
    proxy_read_timeout ${options.readTimeoutSeconds ?? 60}s;

    ${edgeErrorPages()}

    ${locations.join('\n    ')}

    ${edgeErrorLocations('$gateway_api_request', '$gateway_upstream').join('\n    ')}
  }
}
`;
}

/** The two locations of one route (pathType Prefix), or one for `/`. */
function routeLocations(route: Route): string[] {
  const upstream = upstreamName(route.service);
  const body = `{
      set $gateway_upstream ${route.service};
      proxy_pass http://${upstream};
    }`;
  if (route.path === '/') return [`location / ${body}`];
  return [`location = ${route.path} ${body}`, `location ${route.path}/ ${body}`];
}

/** A service name as an nginx identifier (service names are DNS labels; `stripe-fake` has a dash). */
function upstreamName(service: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(service))
    throw new Error(`service name ${JSON.stringify(service)} is not a DNS label`);
  return `svc_${service.replace(/-/g, '_')}`;
}

function hostPort(target: string, service: string): string {
  const url = new URL(target);
  if (url.protocol !== 'http:' || !url.port || (url.pathname !== '/' && url.pathname !== '')) {
    throw new Error(`the target of ${service} must be http://host:port (got ${target})`);
  }
  return url.host;
}

/** DESIGN §3's error shape, as a single-quoted nginx string (our messages have no quote or backslash). */
function errorBody(message: string): string {
  return JSON.stringify({ errors: [{ message }] });
}
