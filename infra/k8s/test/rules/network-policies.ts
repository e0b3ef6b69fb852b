import { describe, ofKind, selects, specOf, workloads, type LabelSelector, type Manifest } from './manifests';

interface NetworkPolicySpec {
  podSelector?: LabelSelector;
  policyTypes?: string[];
  ingress?: {
    from?: { podSelector?: LabelSelector; namespaceSelector?: unknown; ipBlock?: unknown }[];
    ports?: { protocol?: string; port?: number | string }[];
  }[];
}

const MONGO_PORT = 27017;

/**
 * Each service's MongoDB (the StatefulSet `<service>-mongo`) is reachable only from that service's pods, from its own
 * members (a replica set's members replicate from each other), from the Job `<service>-mongo-init` that initiates
 * the set, and from Jobs that run only the service's own image (auth's admin command, DESIGN §12), and only on 27017: at least one NetworkPolicy selects it, and every policy that does admits nothing else.
 * Policies add up in Kubernetes, so one permissive policy would undo the others; hence "every".
 */
export function mongoIsolationProblems(manifests: readonly Manifest[]): string[] {
  const all = workloads(manifests);
  return all
    .filter((w) => w.kind === 'StatefulSet' && w.name.endsWith('-mongo'))
    .flatMap((mongo) => {
      const owner = mongo.name.slice(0, -'-mongo'.length);
      const ownerPods = all.find((w) => w.kind === 'Deployment' && w.name === owner);
      const where = `StatefulSet/${mongo.name}`;
      if (!ownerPods) return [`${where}: no Deployment/${owner} owns it`];
      const init = all.find((w) => w.kind === 'Job' && w.name === `${mongo.name}-init`);
      const images = new Set((ownerPods.pod.containers ?? []).map((c) => c.image));
      const ownCode = all.filter(
        (w) =>
          w.kind === 'Job' && (w.pod.containers ?? []).every((c) => images.has(c.image)) && w.pod.containers?.length,
      );
      const allowed = [ownerPods, mongo, ...(init ? [init] : []), ...ownCode];
      const policies = ofKind(manifests, 'NetworkPolicy').filter((p) =>
        selects(specOf<NetworkPolicySpec>(p).podSelector?.matchLabels, mongo.labels),
      );
      if (policies.length === 0) return [`${where}: no NetworkPolicy selects its pods, so every pod may connect`];
      return policies.flatMap((policy) => {
        const spec = specOf<NetworkPolicySpec>(policy);
        const at = `${describe(policy)} (for ${mongo.name})`;
        const problems: string[] = [];
        if (!(spec.policyTypes ?? ['Ingress']).includes('Ingress')) problems.push(`${at}: does not restrict Ingress`);
        for (const rule of spec.ingress ?? []) {
          const from = rule.from ?? [];
          if (from.length === 0) problems.push(`${at}: a rule admits every source`);
          for (const peer of from) {
            const selected = all.filter((w) => selects(peer.podSelector?.matchLabels, w.labels));
            const admitted =
              peer.namespaceSelector === undefined &&
              peer.ipBlock === undefined &&
              selected.length > 0 &&
              selected.every((w) => allowed.includes(w));
            if (!admitted) {
              problems.push(
                `${at}: admits ${JSON.stringify(peer)}, not only ${owner}'s pods, its members, its init Job and its image's Jobs`,
              );
            }
          }
          const ports = rule.ports ?? [];
          if (ports.length === 0) problems.push(`${at}: a rule admits every port`);
          for (const port of ports) {
            if ((port.protocol ?? 'TCP') !== 'TCP' || port.port !== MONGO_PORT) {
              problems.push(`${at}: admits port ${port.protocol ?? 'TCP'}/${port.port}, not only TCP/${MONGO_PORT}`);
            }
          }
        }
        return problems;
      });
    });
}
