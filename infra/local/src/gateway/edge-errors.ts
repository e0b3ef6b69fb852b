// The errors the edge (the local gateway, and ingress-nginx with its error backend in Kubernetes) makes itself, before
// or instead of a service's answer: one table, so that both entry points answer a refused request under /api the same
// way, in DESIGN §3's error shape `{ errors: [{ message }] }`, while pages keep nginx's HTML.

/** One error nginx produces itself, and what the API answers for it. */
export interface EdgeError {
  /** nginx's code for it: what error_page catches (494 is nginx's own code for a request header that is too large). */
  readonly code: number;
  /** The status sent (nginx sends 494 as 400). */
  readonly status: number;
  /** The message; `{service}` is replaced by the routed service's name, known only once a route was chosen. */
  readonly message: string;
}

/**
 * Every error nginx makes itself on the way to a service: a request it cannot parse or will not read (400, 414, 494),
 * a body over the 1 MB limit (413, ingress-nginx's proxy-body-size default too), a path no route takes (404), and a
 * service it cannot reach (502), that has no running instance (503) or that does not answer in time (504). The
 * messages of 400 and 413 are those the services give for the same faults (common's error handler).
 */
export const EDGE_ERRORS: readonly EdgeError[] = [
  { code: 400, status: 400, message: 'Malformed request' },
  { code: 404, status: 404, message: 'Not found' },
  { code: 413, status: 413, message: 'Request body too large' },
  { code: 414, status: 414, message: 'Request URL too long' },
  { code: 494, status: 400, message: 'Request headers too large' },
  { code: 500, status: 500, message: 'Something went wrong' },
  { code: 502, status: 502, message: 'The {service} service is unavailable' },
  { code: 503, status: 503, message: 'The {service} service is unavailable' },
  { code: 504, status: 504, message: 'The {service} service did not answer in time' },
];

/**
 * True for a request line under the API (`/api` or `/api/…`, as the Ingress' Prefix paths match): a regex for an
 * nginx `map` on `$request`. The request line, not `$request_uri`: nginx has the line even when it refused the URI in
 * it (a bad escape like `/api/tickets/%`, or one too long), before any location was chosen.
 */
export const API_REQUEST_LINE = '"~^[^ ]+ /api([/? ]|$)"';

/**
 * The body of an edge error for the API, as a single-quoted nginx string: DESIGN §3's shape with `{service}` replaced
 * by `serviceVariable` (an nginx variable such as `$gateway_upstream`). Our messages have no quote or backslash.
 */
export function edgeErrorBody(error: EdgeError, serviceVariable: string): string {
  const text = JSON.stringify({ errors: [{ message: error.message }] });
  return `'${text.replace('{service}', serviceVariable)}'`;
}

/**
 * The internal path of each edge error's location ({@link edgeErrorLocations}). A path, not a named location: nginx
 * cannot send a request whose URI it refused (`/api/tickets/%`) to a named location ("empty URI"), but can redirect
 * it to a path. Internal, so no caller reaches it (one asking for it gets the 404 of the path it is not).
 */
export const EDGE_ERROR_PATH = '/.edge-errors/';

/**
 * One internal location per edge error: the JSON answer when `apiVariable` is true (a request under /api), else
 * nginx's own HTML page for the code (a page keeps HTML). `error_page` ({@link edgeErrorPages}) sends nginx's own
 * errors here, not a service's (proxy_intercept_errors stays off). Every answer carries `X-Content-Type-Options:
 * nosniff` (DESIGN §10). Variables set before the redirect (the routed service) are kept.
 */
export function edgeErrorLocations(apiVariable: string, serviceVariable: string): string[] {
  return EDGE_ERRORS.map(
    (error) => `location = ${EDGE_ERROR_PATH}${error.code} {
      internal;
      add_header X-Content-Type-Options nosniff always;
      default_type application/json;
      if (${apiVariable} = 0) {
        return ${error.code};
      }
      return ${error.status} ${edgeErrorBody(error, serviceVariable)};
    }`,
  );
}

/** The `error_page` lines that send each edge error to its location ({@link edgeErrorLocations}). */
export function edgeErrorPages(): string {
  return EDGE_ERRORS.map((error) => `error_page ${error.code} ${EDGE_ERROR_PATH}${error.code};`).join('\n    ');
}

/** The port the error backend listens on in Kubernetes (infra/k8s/base/edge-errors.yaml; nginx runs as non-root). */
export const ERROR_BACKEND_PORT = 8080;

/**
 * The nginx.conf of the error backend that ingress-nginx sends to in Kubernetes (infra/k8s/base/edge-errors.yaml,
 * whose ConfigMap holds this text; a test there fails if they differ): the same answers as the local gateway's, from
 * the same table. ingress-nginx sends it three kinds of request:
 * - an error ingress-nginx made itself in a location of our Ingress (custom-http-errors), at `/` with `X-Code` (the
 *   status), `X-Original-URI` (the caller's path) and `X-Service-Name`;
 * - a request for a service with no ready pod (the Ingress' default-backend), as it came, with `X-Code: 503`;
 * - a path under /api that no API route takes (the Ingress' `/api` path), as it came, without `X-Code`: a 404.
 * Headers a caller could have sent themselves (the last kind passes them on) only choose among our answers: a code
 * outside the table is a 404 and a service name that is not a DNS label is not written into the body. Under /api the
 * answer is JSON; elsewhere nginx's HTML page. Paths are relative to nginx's prefix (`-p`).
 */
export function errorBackendConfig(): string {
  const codes = EDGE_ERRORS.map((error) => error.code).join('|');
  return `# Made from infra/local/src/gateway/edge-errors.ts (errorBackendConfig); test/edge-errors.test.ts checks it.
daemon off;
worker_processes 1;
pid nginx.pid;
error_log stderr warn;

events {
  worker_connections 1024;
}

http {
  client_body_temp_path client-body;
  proxy_temp_path proxy;
  fastcgi_temp_path fastcgi;
  uwsgi_temp_path uwsgi;
  scgi_temp_path scgi;
  server_tokens off;
  access_log off;

  map $http_x_code $edge_code {
    "~^(${codes})$" $http_x_code;
    default 404;
  }
  map $http_x_original_uri $edge_uri {
    "" $request_uri;
    default $http_x_original_uri;
  }
  map $edge_uri $edge_api {
    "~^/api([/?]|$)" 1;
    default 0;
  }
  map $http_x_service_name $edge_service {
    "~^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$" $http_x_service_name;
    default "API";
  }

  server {
    listen ${ERROR_BACKEND_PORT};
    default_type application/json;

    location = /healthz {
      access_log off;
      return 200 '{"status":"ok"}';
    }

    location / {
      rewrite ^ ${EDGE_ERROR_PATH}$edge_code last;
    }

    ${edgeErrorLocations('$edge_api', '$edge_service').join('\n    ')}
  }
}
`;
}
