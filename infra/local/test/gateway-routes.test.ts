// The one route table feeds both entry points (docs/CONVENTIONS.md): the Ingress must route exactly the paths of
// infra/routes.json to the same services, and the gateway reads the table itself.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadRouteTable, ROUTES_FILE } from '../src/gateway/route-table';

const INGRESS_FILE = path.resolve(__dirname, '../../k8s/base/ingress.yaml');

interface IngressPath {
  path: string;
  pathType: string;
  backend: { service: { name: string } };
}
interface Ingress {
  kind: string;
  spec: { rules: Array<{ host?: string; http: { paths: IngressPath[] } }> };
}

function ingressRoutes(): { hosts: string[]; routes: string[]; pathTypes: string[] } {
  const documents = parseAllDocuments(readFileSync(INGRESS_FILE, 'utf8')).map((doc) => doc.toJS() as Ingress);
  const ingresses = documents.filter((doc) => doc?.kind === 'Ingress');
  const rules = ingresses.flatMap((ingress) => ingress.spec.rules);
  const paths = rules.flatMap((rule) => rule.http.paths);
  return {
    hosts: rules.map((rule) => rule.host ?? ''),
    routes: paths.map((p) => `${p.path} -> ${p.backend.service.name}`).sort(),
    pathTypes: [...new Set(paths.map((p) => p.pathType))],
  };
}

describe('infra/routes.json and infra/k8s/ingress.yaml', () => {
  test('When both are read, then the Ingress routes exactly the paths of the table to the same services', () => {
    const table = loadRouteTable(ROUTES_FILE);

    const ingress = ingressRoutes();

    // Beside the table, the Ingress sends /api to its error backend: what no API route takes there is a 404 in the
    // error shape, which the gateway answers itself (gateway-errors.test.ts).
    const edgePaths = ['/api -> edge-errors'];
    expect(ingress.routes).toEqual([...table.routes.map((r) => `${r.path} -> ${r.service}`), ...edgePaths].sort());
    expect(ingress.hosts).toEqual([table.host]);
    // The gateway matches like pathType Prefix (whole path segments); Exact or ImplementationSpecific would differ.
    expect(ingress.pathTypes).toEqual(['Prefix']);
  });

  test("When both are read, then no path reaches a service's /metrics: only the client takes /metrics (DESIGN §14)", () => {
    const table = loadRouteTable(ROUTES_FILE);
    const ingress = ingressRoutes();

    // A route takes /metrics when its prefix is /metrics or a whole-segment prefix of it; paths are sent unchanged.
    const takesMetrics = (route: string) => route === '/' || route === '/metrics' || route.startsWith('/metrics/');
    expect(table.routes.filter((r) => takesMetrics(r.path)).map((r) => r.service)).toEqual(['client']);
    expect(ingress.routes.filter((r) => takesMetrics(r.split(' -> ')[0] ?? ''))).toEqual(['/ -> client']);
  });

  test('When the route table is loaded, then every path is unique and "/" (the client) catches the rest', () => {
    const table = loadRouteTable(ROUTES_FILE);

    expect(table.routes.find((route) => route.path === '/')?.service).toBe('client');
    expect(new Set(table.routes.map((route) => route.path)).size).toBe(table.routes.length);
  });
});
