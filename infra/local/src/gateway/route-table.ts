// infra/routes.json, the one route table (docs/CONVENTIONS.md): the Kubernetes Ingress is written from it and the
// local gateway reads it at start, so the two route the same paths to the same services.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** infra/routes.json, found from both src/gateway (jest) and dist/gateway (node): infra/local/<src|dist>/gateway. */
export const ROUTES_FILE = path.resolve(__dirname, '../../../routes.json');

const RouteSchema = z.object({
  path: z.string().regex(/^\/([^/?#]+(\/[^/?#]+)*)?$/, 'must be "/" or "/segment[/segment…]" without a trailing slash'),
  service: z.string().min(1),
});

export const RouteTableSchema = z.object({
  host: z.string().min(1),
  routes: z
    .array(RouteSchema)
    .min(1)
    .refine((routes) => new Set(routes.map((r) => r.path)).size === routes.length, 'paths must be unique'),
});
export type Route = z.output<typeof RouteSchema>;
export type RouteTable = z.output<typeof RouteTableSchema>;

/** Reads and validates the route table; throws an Error naming the file and every bad field. */
export function loadRouteTable(file: string = ROUTES_FILE): RouteTable {
  const parsed = RouteTableSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a valid route table:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * The route for a request path, as the Ingress picks it (pathType Prefix): the longest route path that equals the
 * request path or is followed in it by `/`, so `/api/users` takes `/api/users/signin` but not `/api/usersx`, and
 * `/` takes whatever no other route claims. Matching is on the path alone (the query string is ignored) and is
 * case-sensitive, as in the Ingress. `undefined` when nothing matches (a table without `/`).
 */
export function matchRoute(routes: readonly Route[], requestPath: string): Route | undefined {
  const pathname = requestPath.split('?', 1)[0] ?? '';
  let best: Route | undefined;
  for (const route of routes) {
    const matches = route.path === '/' || pathname === route.path || pathname.startsWith(`${route.path}/`);
    if (matches && (!best || route.path.length > best.path.length)) best = route;
  }
  return best;
}
