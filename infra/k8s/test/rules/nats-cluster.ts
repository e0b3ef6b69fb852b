import { flagValue } from './args';
import { resolvedEnv } from './env';
import { nameOf, ofKind, specOf, workloads, type Manifest, type Workload } from './manifests';
import { replicasOf } from './replicas';

interface ServiceSpec {
  clusterIP?: string;
  publishNotReadyAddresses?: boolean;
  ports?: { name?: string; port?: number; targetPort?: string | number }[];
}

function natsOf(manifests: readonly Manifest[], name: string): Workload | undefined {
  return workloads(manifests).find((w) => w.kind === 'StatefulSet' && w.name === name);
}

/**
 * The NATS StatefulSet is a cluster whose servers can find each other (DESIGN §11), checked when it runs more than one
 * server:
 * - `--cluster` listens on a port the container declares, and `--routes` names every peer, `nats://<pod>.<headless
 *   Service>:<that port>` for each pod, and nothing else (a missing peer is a server the others never route to);
 * - the cluster has a name, and each server a name of its own (`--name $(POD_NAME)`, the pod's name by fieldRef), which
 *   JetStream needs to place the stream's replicas;
 * - JetStream stores to a directory on a volume of the volumeClaimTemplates: one PVC per server;
 * - the governing Service is headless, publishes pods before they are ready (a server becomes ready only once it has
 *   routed to its peers) and exposes the cluster port.
 */
export function natsClusterProblems(manifests: readonly Manifest[], name = 'nats'): string[] {
  const nats = natsOf(manifests, name);
  if (!nats) return [`StatefulSet/${name}: not found`];
  const where = `StatefulSet/${name}`;
  const replicas = replicasOf(manifests, nats);
  const container = nats.pod.containers?.[0];
  const args = container?.args;
  // The user and password of a route (`nats://route:$(NATS_ROUTE_PASSWORD)@host:port`) are not part of where it goes.
  const withoutLogin = (url: string): string => url.replace(/\/\/[^@/]*@/, '//');
  const clusterUrl = flagValue(args, 'cluster');
  const listen = clusterUrl === undefined ? undefined : withoutLogin(clusterUrl);
  if (replicas === 1 && listen === undefined) return [];

  const problems: string[] = [];
  const port = Number(/:(\d+)$/.exec(listen ?? '')?.[1]);
  const portName = container?.ports?.find((p) => p.containerPort === port)?.name;
  if (!listen) problems.push(`${where}: ${replicas} servers but no --cluster listen address`);
  else if (!portName) problems.push(`${where}: --cluster ${listen} is not on a port the container declares`);

  const peers = Array.from({ length: replicas }, (_, i) => `nats://${name}-${i}.${nats.spec.serviceName}:${port}`);
  const routeUrls = (flagValue(args, 'routes') ?? '').split(',').filter(Boolean);
  const routes = routeUrls.map(withoutLogin);
  // DESIGN §10: a route sees every message, so a peer must log in: the --cluster URL's user and password (from a
  // Secret) are what the server requires of a route, and each --routes URL presents them.
  const login = (url: string): string | undefined => /\/\/(route:\$\((\w+)\))@/.exec(url)?.[2];
  const secretVariable = (variable: string | undefined): boolean =>
    container?.env?.some((v) => v.name === variable && v.valueFrom?.secretKeyRef !== undefined) ?? false;
  const required = login(clusterUrl ?? '');
  if (!secretVariable(required)) {
    problems.push(`${where}: --cluster does not require a route login with a password from a Secret`);
  } else if (routeUrls.some((url) => login(url) !== required)) {
    problems.push(`${where}: a --routes URL does not log in with $(${required})`);
  }
  problems.push(
    ...peers.filter((peer) => !routes.includes(peer)).map((peer) => `${where}: --routes does not name ${peer}`),
    ...routes.filter((route) => !peers.includes(route)).map((route) => `${where}: --routes names ${route}, not a peer`),
  );

  if (!flagValue(args, 'cluster_name')) problems.push(`${where}: no --cluster_name`);
  const serverName = /^\$\((\w+)\)$/.exec(flagValue(args, 'name', 'n', 'server_name') ?? '')?.[1];
  const fromPodName = container?.env?.find((v) => v.name === serverName)?.valueFrom?.fieldRef?.fieldPath;
  if (fromPodName !== 'metadata.name') problems.push(`${where}: --name is not the pod's name, so not unique`);

  const storeDir = flagValue(args, 'sd', 'store_dir');
  const claims = (nats.spec.volumeClaimTemplates ?? []).map((c) => c.metadata?.name);
  const storeMount = container?.volumeMounts?.find((m) => m.mountPath === storeDir);
  if (flagValue(args, 'js', 'jetstream') === undefined) problems.push(`${where}: JetStream is not enabled (-js)`);
  if (!storeMount || !claims.includes(storeMount.name)) {
    problems.push(`${where}: the JetStream store ${storeDir} is not on a volume of its volumeClaimTemplates`);
  }

  const governing = ofKind(manifests, 'Service').find((s) => nameOf(s) === nats.spec.serviceName);
  const spec = governing ? specOf<ServiceSpec>(governing) : undefined;
  if (spec?.clusterIP !== 'None') problems.push(`${where}: Service ${nats.spec.serviceName} is not headless`);
  if (spec?.publishNotReadyAddresses !== true) {
    problems.push(`${where}: Service ${nats.spec.serviceName} does not publish not-ready pods, so peers cannot meet`);
  }
  if (!(spec?.ports ?? []).some((p) => p.port === port && (p.targetPort ?? p.port) === (portName ?? port))) {
    problems.push(`${where}: Service ${nats.spec.serviceName} does not expose the cluster port ${port}`);
  }
  return problems;
}

/**
 * The streams Job (streams.yaml, DESIGN §16) makes the streams with a number of copies the NATS servers can hold and
 * that survives the loss of one of them: its NATS_STREAM_REPLICAS (common's StreamSettingsEnv, 1 when unset) is at most
 * the StatefulSet's replicas (more and the streams cannot be created), and at least 3 on a cluster of 3 or more
 * (DESIGN §11: fewer, and a server lost or drained takes the only copy, or the quorum, of what it held).
 */
export function streamReplicaProblems(
  manifests: readonly Manifest[],
  secretSamples: Readonly<Record<string, Readonly<Record<string, string>>>>,
  name = 'nats',
  job = 'streams',
): string[] {
  const nats = natsOf(manifests, name);
  if (!nats) return [`StatefulSet/${name}: not found`];
  const servers = replicasOf(manifests, nats);
  const least = Math.min(servers, 3);
  const env = resolvedEnv(manifests, job, secretSamples, 'Job');
  if (!env) return [`Job/${job}: not found`];
  const copies = Number(env.NATS_STREAM_REPLICAS ?? '1');
  const where = `Job/${job}: NATS_STREAM_REPLICAS is ${copies}`;
  if (copies > servers) return [`${where}, more than the ${servers} NATS server(s)`];
  if (copies < least) return [`${where}, fewer than ${least} copies on ${servers} NATS servers`];
  return [];
}
