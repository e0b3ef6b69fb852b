import { ingressProblems, ingressTlsProblems, REDIRECT_ANNOTATIONS } from './rules/ingress';
import { CLUSTER_SECRET_KEYS } from './support/cluster-secrets';
import { bodyOf, copyOf, specOf } from './support/edit';
import { loadOverlays, loadRoutes } from './support/load';
import { OVERLAYS } from './support/render';

interface Paths {
  rules: {
    http: {
      paths: { path: string; pathType: string; backend: { service: { name: string; port: { name?: string } } } }[];
    };
  }[];
}

const overlays = loadOverlays();
// The broken copies start from dev; each rule's message is the same on either overlay.
const manifests = overlays.dev;
const routes = loadRoutes();

function pathsOf(copy: ReturnType<typeof copyOf>) {
  return specOf<Paths>(copy, 'Ingress', 'ticketing').rules[0]!.http.paths;
}

describe('rule: Ingress = infra/routes.json', () => {
  test.each(OVERLAYS)('When the %s overlay is rendered, then the Ingress routes exactly the route table', (overlay) => {
    expect(ingressProblems(overlays[overlay], routes)).toEqual([]);
  });

  test('When the Ingress has a path the route table does not, then the rule reports it', () => {
    const broken = copyOf(manifests);
    pathsOf(broken).push({
      path: '/api/admin',
      pathType: 'Prefix',
      backend: { service: { name: 'auth', port: { name: 'http' } } },
    });

    expect(ingressProblems(broken, routes)).toEqual([
      'Ingress/ticketing (base/ingress.yaml #1): /api/admin -> auth is not in infra/routes.json',
    ]);
  });

  test('When the Ingress misses a route, then the rule reports it', () => {
    const broken = copyOf(manifests);
    const paths = pathsOf(broken);
    paths.splice(
      paths.findIndex((p) => p.path === '/api/orders'),
      1,
    );

    expect(ingressProblems(broken, routes)).toEqual([
      'Ingress/ticketing (base/ingress.yaml #1): /api/orders -> orders from infra/routes.json is missing',
    ]);
  });

  test('When a path is Exact or its backend port does not exist, then the rule reports both', () => {
    const broken = copyOf(manifests);
    const [first, second] = pathsOf(broken);
    first!.pathType = 'Exact';
    second!.backend.service.port = { name: 'web' };

    expect(ingressProblems(broken, routes)).toEqual([
      `Ingress/ticketing (base/ingress.yaml #1): ${first!.path} has pathType Exact, not Prefix`,
      `Ingress/ticketing (base/ingress.yaml #1): ${second!.path} goes to a port Service ${second!.backend.service.name} does not have`,
    ]);
  });

  test('When the route table changes host, then the rule reports the Ingress host', () => {
    expect(ingressProblems(manifests, { ...routes, host: 'ticketing.example' })).toEqual([
      "Ingress/ticketing (base/ingress.yaml #1): hosts are [ticketing.dev], the route table's is ticketing.example",
    ]);
  });
});

describe('rule: the Ingress serves TLS', () => {
  const secrets = Object.keys(CLUSTER_SECRET_KEYS);

  test.each(OVERLAYS)(
    'When the %s overlay is rendered, then ticketing.dev is served over TLS from a Secret and http redirects',
    (overlay) => {
      expect(ingressTlsProblems(overlays[overlay], routes.host, secrets)).toEqual([]);
    },
  );

  test('When the Ingress loses its tls section and redirects, then the missing TLS and redirects are reported', () => {
    const broken = copyOf(manifests);
    const ingress = bodyOf(broken, 'Ingress', 'ticketing');
    delete (ingress.spec as { tls?: unknown }).tls;
    delete ingress.metadata!.annotations;

    expect(ingressTlsProblems(broken, routes.host, secrets)).toEqual([
      'Ingress/ticketing (base/ingress.yaml #1): no tls entry for ticketing.dev',
      ...REDIRECT_ANNOTATIONS.map((a) => `Ingress/ticketing (base/ingress.yaml #1): ${a} is not "true"`),
    ]);
  });

  test('When the certificate comes from a Secret nobody creates and the redirect is off, then the rule reports both', () => {
    const broken = copyOf(overlays.prod);
    const ingress = bodyOf(broken, 'Ingress', 'ticketing');
    (ingress.spec as { tls: { secretName: string }[] }).tls[0]!.secretName = 'ticketing-cert';
    ingress.metadata!.annotations!['nginx.ingress.kubernetes.io/force-ssl-redirect'] = 'false';

    expect(ingressTlsProblems(broken, routes.host, secrets)).toEqual([
      'Ingress/ticketing (base/ingress.yaml #1): tls for ticketing.dev reads Secret ticketing-cert, which the README does not create',
      'Ingress/ticketing (base/ingress.yaml #1): nginx.ingress.kubernetes.io/force-ssl-redirect is not "true"',
    ]);
  });
});
