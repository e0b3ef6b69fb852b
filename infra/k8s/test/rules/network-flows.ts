// Which connections the NetworkPolicies of an overlay let through, computed as Kubernetes decides them: a connection
// from A to B's port is open when A's egress allows it (or no Egress policy selects A) and B's ingress allows it (or
// no Ingress policy selects B). The rules then compare that set with the flows DESIGN §2 and §5 call for.
import { describe, nameOf, ofKind, specOf, workloads, type Labels, type Manifest } from './manifests';

interface PolicyPort {
  protocol?: string;
  port?: number | string;
}

interface PolicyPeer {
  podSelector?: { matchLabels?: Labels };
  namespaceSelector?: { matchLabels?: Labels };
  ipBlock?: { cidr?: string; except?: string[] };
}

interface NetworkPolicySpec {
  podSelector?: { matchLabels?: Labels; matchExpressions?: unknown[] };
  policyTypes?: string[];
  ingress?: { from?: PolicyPeer[]; ports?: PolicyPort[] }[];
  egress?: { to?: PolicyPeer[]; ports?: PolicyPort[] }[];
}

/** One end of a connection: a pod of the overlay, or something outside it (the ingress controller, DNS, Stripe). */
export interface Endpoint {
  name: string;
  /** Outside the namespace the overlay deploys to: its policies are not ours, and a peer needs a namespaceSelector. */
  external: boolean;
  namespaceLabels: Labels;
  labels: Labels;
  ip: string;
  ports: { name?: string; port: number; protocol: string }[];
}

/**
 * What lives outside the overlay, as the README installs it: ingress-nginx's controller (namespace ingress-nginx,
 * ports 80 and 443), the cluster DNS (kube-system), Prometheus and the trace backend (namespace monitoring, for
 * components/observability), a public address on the internet (the Stripe API) and a private
 * one (the Kubernetes API server). Pods get addresses in 10.244.0.0/16, as kind and most clusters give them.
 */
export const OUTSIDE: readonly Endpoint[] = [
  {
    name: 'ingress-nginx',
    external: true,
    namespaceLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
    labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
    ip: '10.244.9.1',
    ports: [
      { name: 'http', port: 80, protocol: 'TCP' },
      { name: 'https', port: 443, protocol: 'TCP' },
    ],
  },
  {
    name: 'kube-dns',
    external: true,
    namespaceLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
    labels: { 'k8s-app': 'kube-dns' },
    ip: '10.244.9.2',
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
    ],
  },
  {
    name: 'prometheus',
    external: true,
    namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
    labels: { 'app.kubernetes.io/name': 'prometheus' },
    ip: '10.244.9.3',
    ports: [{ name: 'web', port: 9090, protocol: 'TCP' }],
  },
  {
    name: 'trace-backend',
    external: true,
    namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
    labels: { 'app.kubernetes.io/name': 'tempo' },
    ip: '10.244.9.4',
    ports: [{ name: 'otlp-http', port: 4318, protocol: 'TCP' }],
  },
  {
    name: 'internet',
    external: true,
    namespaceLabels: {},
    labels: {},
    ip: '54.187.174.169',
    ports: [{ port: 443, protocol: 'TCP' }],
  },
  {
    name: 'kubernetes-api',
    external: true,
    namespaceLabels: {},
    labels: {},
    ip: '10.96.0.1',
    ports: [{ port: 443, protocol: 'TCP' }],
  },
];

/** The overlay's pods (one endpoint per workload) and {@link OUTSIDE}. */
export function endpoints(manifests: readonly Manifest[]): Endpoint[] {
  const inside = workloads(manifests).map((w, i): Endpoint => ({
    name: w.name,
    external: false,
    namespaceLabels: { 'kubernetes.io/metadata.name': 'ticketing' },
    labels: w.labels,
    ip: `10.244.0.${i + 10}`,
    ports: (w.pod.containers ?? []).flatMap((c) =>
      (c.ports ?? []).map((p) => ({ name: p.name, port: p.containerPort ?? 0, protocol: 'TCP' })),
    ),
  }));
  return [...inside, ...OUTSIDE];
}

const ipNumber = (ip: string): number => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);

function inCidr(ip: string, cidr: string): boolean {
  const [base = '', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipNumber(ip) / size) === Math.floor(ipNumber(base) / size);
}

function labelsMatch(selector: { matchLabels?: Labels } | undefined, labels: Labels): boolean {
  // An empty selector ({}) selects everything, as in Kubernetes.
  return Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

function peerMatches(peer: PolicyPeer, other: Endpoint): boolean {
  if (peer.ipBlock) {
    const { cidr = '', except = [] } = peer.ipBlock;
    return inCidr(other.ip, cidr) && !except.some((e) => inCidr(other.ip, e));
  }
  if (peer.namespaceSelector) {
    return (
      other.external &&
      labelsMatch(peer.namespaceSelector, other.namespaceLabels) &&
      (peer.podSelector === undefined || labelsMatch(peer.podSelector, other.labels))
    );
  }
  return !other.external && labelsMatch(peer.podSelector, other.labels);
}

function portMatches(ports: PolicyPort[] | undefined, port: Endpoint['ports'][number]): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some(
    (p) =>
      (p.protocol ?? 'TCP') === port.protocol && (p.port === undefined || p.port === port.port || p.port === port.name),
  );
}

function policiesFor(manifests: readonly Manifest[], pod: Endpoint, type: 'Ingress' | 'Egress') {
  return ofKind(manifests, 'NetworkPolicy')
    .map((m) => specOf<NetworkPolicySpec>(m))
    .filter((spec) => labelsMatch(spec.podSelector, pod.labels))
    .filter((spec) => (spec.policyTypes ?? (spec.egress ? ['Ingress', 'Egress'] : ['Ingress'])).includes(type));
}

type Port = Endpoint['ports'][number];

/** `from`'s egress allows the connection: no Egress policy selects it, or a rule of one names `to` and the port. */
function egressAllows(manifests: readonly Manifest[], from: Endpoint, to: Endpoint, port: Port): boolean {
  if (from.external) return true;
  const policies = policiesFor(manifests, from, 'Egress');
  return (
    policies.length === 0 ||
    policies.some((p) =>
      (p.egress ?? []).some(
        (rule) => (!rule.to?.length || rule.to.some((peer) => peerMatches(peer, to))) && portMatches(rule.ports, port),
      ),
    )
  );
}

/** `to`'s ingress allows the connection: no Ingress policy selects it, or a rule of one names `from` and the port. */
function ingressAllows(manifests: readonly Manifest[], from: Endpoint, to: Endpoint, port: Port): boolean {
  if (to.external) return true;
  const policies = policiesFor(manifests, to, 'Ingress');
  return (
    policies.length === 0 ||
    policies.some((p) =>
      (p.ingress ?? []).some(
        (rule) =>
          (!rule.from?.length || rule.from.some((peer) => peerMatches(peer, from))) && portMatches(rule.ports, port),
      ),
    )
  );
}

/**
 * Every open connection between two endpoints of which at least one is a pod of the overlay, as
 * `from -> to:port/PROTOCOL` (sorted). Ports are the destination's declared ports; a pod may reach its own workload's
 * other pods (a replica set's members), so `from` and `to` may be the same workload.
 */
export function openFlows(manifests: readonly Manifest[]): string[] {
  const all = endpoints(manifests);
  const flows = new Set<string>();
  for (const from of all) {
    for (const to of all) {
      if (from.external && to.external) continue;
      for (const port of to.ports) {
        if (egressAllows(manifests, from, to, port) && ingressAllows(manifests, from, to, port)) {
          flows.add(`${from.name} -> ${to.name}:${port.port}/${port.protocol}`);
        }
      }
    }
  }
  return [...flows].sort();
}

/** The difference between the open flows and the wanted ones: each extra flow and each missing one, named. */
export function flowProblems(manifests: readonly Manifest[], wanted: readonly string[]): string[] {
  const open = openFlows(manifests);
  return [
    ...open.filter((flow) => !wanted.includes(flow)).map((flow) => `open but not in DESIGN: ${flow}`),
    ...wanted.filter((flow) => !open.includes(flow)).map((flow) => `in DESIGN but closed: ${flow}`),
  ];
}

/**
 * A `default-deny` policy selects every pod ({} selector) for Ingress and Egress and allows nothing, so that a pod no
 * other policy names (a Deployment added later, a debug pod) can neither be reached nor reach anything.
 */
export function defaultDenyProblems(manifests: readonly Manifest[]): string[] {
  const denies = ofKind(manifests, 'NetworkPolicy').filter((m) => {
    const spec = specOf<NetworkPolicySpec>(m);
    const everyPod =
      Object.keys(spec.podSelector?.matchLabels ?? {}).length === 0 &&
      (spec.podSelector?.matchExpressions ?? []).length === 0;
    const types = spec.policyTypes ?? [];
    return everyPod && types.includes('Ingress') && types.includes('Egress') && !spec.ingress && !spec.egress;
  });
  if (denies.length > 0) return [];
  const names = ofKind(manifests, 'NetworkPolicy').map((m) => describe(m) || nameOf(m));
  return [`no NetworkPolicy denies all ingress and egress of every pod (policies: ${names.join(', ') || 'none'})`];
}
