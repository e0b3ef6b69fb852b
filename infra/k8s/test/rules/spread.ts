import { workloads, type LabelSelector, type Labels, type Manifest } from './manifests';
import { replicasOf } from './replicas';

export const ZONE = 'topology.kubernetes.io/zone';
export const NODE = 'kubernetes.io/hostname';

/** Whether a label selector matches these labels (matchLabels and the matchExpressions operators Kubernetes has). */
function matches(selector: LabelSelector | undefined, labels: Labels): boolean {
  const byLabels = Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (selector?.matchExpressions ?? []).every((raw) => {
    const { key = '', operator, values = [] } = raw as { key?: string; operator?: string; values?: string[] };
    const value = labels[key];
    if (operator === 'Exists') return value !== undefined;
    if (operator === 'DoesNotExist') return value === undefined;
    if (operator === 'In') return value !== undefined && values.includes(value);
    if (operator === 'NotIn') return value === undefined || !values.includes(value);
    return false;
  });
  return byLabels && byExpressions;
}

/**
 * Whether a constraint counts the workload's own pods and only those: its selector matches them, and it is narrowed
 * to their `app`, either by naming it or through matchLabelKeys (which adds the pod's own value of the key).
 */
function scopedTo(selector: LabelSelector | undefined, matchLabelKeys: readonly string[], labels: Labels): boolean {
  const narrowed = matchLabelKeys.includes('app') || selector?.matchLabels?.app !== undefined;
  return labels.app !== undefined && narrowed && matches(selector, labels);
}

/**
 * Every Deployment spreads its pods over each topology key given (prod: zones and nodes), with a constraint that
 * counts its own pods: a constraint over every pod of the namespace, or over none, spreads nothing.
 */
export function spreadProblems(manifests: readonly Manifest[], topologyKeys: readonly string[]): string[] {
  return workloads(manifests)
    .filter((w) => w.kind === 'Deployment')
    .flatMap((w) =>
      topologyKeys
        .filter(
          (key) =>
            !(w.pod.topologySpreadConstraints ?? []).some(
              (c) =>
                c.topologyKey === key &&
                (c.maxSkew ?? 0) >= 1 &&
                scopedTo(c.labelSelector, c.matchLabelKeys ?? [], w.labels),
            ),
        )
        .map((key) => `Deployment/${w.name}: its pods are not spread across ${key}`),
    );
}

/**
 * Every StatefulSet that runs more than one pod (a replica set, the NATS cluster) keeps them on different nodes, as a
 * required rule: two members on one node are lost together, and with them the quorum.
 */
export function antiAffinityProblems(manifests: readonly Manifest[]): string[] {
  return workloads(manifests)
    .filter((w) => w.kind === 'StatefulSet' && replicasOf(manifests, w) > 1)
    .filter(
      (w) =>
        !(w.pod.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).some(
          (term) => term.topologyKey === NODE && scopedTo(term.labelSelector, [], w.labels),
        ),
    )
    .map(
      (w) =>
        `StatefulSet/${w.name}: ${replicasOf(manifests, w)} pods that may share a node (no required anti-affinity)`,
    );
}
