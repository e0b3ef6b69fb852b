import { describe, nameOf, ofKind, specOf, type Manifest } from './manifests';

export interface Route {
  path: string;
  service: string;
}

export interface RouteTable {
  host: string;
  routes: readonly Route[];
}

interface IngressSpec {
  ingressClassName?: string;
  tls?: { hosts?: string[]; secretName?: string }[];
  rules?: {
    host?: string;
    http?: {
      paths?: {
        path?: string;
        pathType?: string;
        backend?: { service?: { name?: string; port?: { name?: string; number?: number } } };
      }[];
    };
  }[];
}

interface ServiceSpec {
  ports?: { name?: string; port?: number }[];
}

/**
 * The paths the edge answers itself, beside the route table: under /api, what no API route takes is the error
 * backend's 404 in the error shape (the local gateway answers those paths itself; base/edge-errors.yaml).
 */
export const EDGE_PATHS: readonly Route[] = [{ path: '/api', service: 'edge-errors' }];

/**
 * The Ingress is infra/routes.json, the one route table the local gateway is also made from, and the edge's own
 * paths ({@link EDGE_PATHS}): the same host, the same path → service pairs (none missing, none extra), every path a
 * Prefix, every backend an existing Service port.
 */
export function ingressProblems(manifests: readonly Manifest[], table: RouteTable, ingressClass = 'nginx'): string[] {
  const ingresses = ofKind(manifests, 'Ingress');
  if (ingresses.length !== 1) return [`expected one Ingress, found ${ingresses.length}`];
  const ingress = ingresses[0] as Manifest;
  const where = describe(ingress);
  const spec = specOf<IngressSpec>(ingress);
  const problems: string[] = [];
  if (spec.ingressClassName !== ingressClass) problems.push(`${where}: ingressClassName is not ${ingressClass}`);

  const rules = spec.rules ?? [];
  const hosts = rules.map((rule) => rule.host);
  if (hosts.length !== 1 || hosts[0] !== table.host) {
    problems.push(`${where}: hosts are [${hosts.join(', ')}], the route table's is ${table.host}`);
  }

  const paths = rules.flatMap((rule) => rule.http?.paths ?? []);
  const services = new Map(ofKind(manifests, 'Service').map((m) => [nameOf(m), specOf<ServiceSpec>(m)]));
  const actual = paths.map((p) => `${p.path} -> ${p.backend?.service?.name}`);
  const expected = [...table.routes, ...EDGE_PATHS].map((r) => `${r.path} -> ${r.service}`);
  problems.push(
    ...actual.filter((a) => !expected.includes(a)).map((a) => `${where}: ${a} is not in infra/routes.json`),
    ...expected.filter((e) => !actual.includes(e)).map((e) => `${where}: ${e} from infra/routes.json is missing`),
    ...actual.filter((a, i) => actual.indexOf(a) !== i).map((a) => `${where}: ${a} appears twice`),
  );
  for (const p of paths) {
    if (p.pathType !== 'Prefix') problems.push(`${where}: ${p.path} has pathType ${p.pathType}, not Prefix`);
    const backend = p.backend?.service;
    const service = services.get(backend?.name ?? '');
    if (!service) {
      problems.push(`${where}: ${p.path} goes to Service ${backend?.name}, which no manifest defines`);
    } else if (
      !(service.ports ?? []).some((port) =>
        backend?.port?.name !== undefined ? port.name === backend.port.name : port.port === backend?.port?.number,
      )
    ) {
      problems.push(`${where}: ${p.path} goes to a port Service ${backend?.name} does not have`);
    }
  }
  return problems;
}

/** The ingress-nginx annotations that send http to https: for every path, not only where it infers TLS. */
export const REDIRECT_ANNOTATIONS = [
  'nginx.ingress.kubernetes.io/ssl-redirect',
  'nginx.ingress.kubernetes.io/force-ssl-redirect',
] as const;

/**
 * The Ingress terminates TLS for the host (DESIGN §10): a `tls` entry names the host and a Secret the README has the
 * operator create (certificates are never committed), and http is redirected to https.
 */
export function ingressTlsProblems(
  manifests: readonly Manifest[],
  host: string,
  clusterSecrets: readonly string[],
): string[] {
  return ofKind(manifests, 'Ingress').flatMap((ingress) => {
    const where = describe(ingress);
    const entry = (specOf<IngressSpec>(ingress).tls ?? []).find((tls) => (tls.hosts ?? []).includes(host));
    const problems: string[] = [];
    if (!entry) problems.push(`${where}: no tls entry for ${host}`);
    else if (!clusterSecrets.includes(entry.secretName ?? '')) {
      problems.push(`${where}: tls for ${host} reads Secret ${entry.secretName}, which the README does not create`);
    }
    const annotations = ingress.body.metadata?.annotations ?? {};
    for (const annotation of REDIRECT_ANNOTATIONS) {
      if (annotations[annotation] !== 'true') problems.push(`${where}: ${annotation} is not "true"`);
    }
    return problems;
  });
}
