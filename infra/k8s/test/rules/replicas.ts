import { ofKind, specOf, workloads, type Manifest, type Workload } from './manifests';

interface AutoscalerSpec {
  scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
  minReplicas?: number;
  maxReplicas?: number;
  metrics?: {
    type?: string;
    resource?: { name?: string; target?: { type?: string; averageUtilization?: number } };
  }[];
}

export interface Autoscaler {
  manifest: Manifest;
  spec: AutoscalerSpec;
}

export function autoscalers(manifests: readonly Manifest[]): Autoscaler[] {
  return ofKind(manifests, 'HorizontalPodAutoscaler').map((manifest) => ({
    manifest,
    spec: specOf<AutoscalerSpec>(manifest),
  }));
}

/** The autoscalers whose target is this workload. */
export function autoscalersOf(manifests: readonly Manifest[], workload: Workload): Autoscaler[] {
  return autoscalers(manifests).filter(
    ({ spec }) => spec.scaleTargetRef?.kind === workload.kind && spec.scaleTargetRef.name === workload.name,
  );
}

/**
 * How many pods a workload runs at the least: its `replicas`, or, when it leaves them to an autoscaler, the
 * autoscaler's minReplicas (1 when unset, as Kubernetes defaults it); 1 when neither says.
 */
export function replicasOf(manifests: readonly Manifest[], workload: Workload): number {
  if (workload.spec.replicas !== undefined) return workload.spec.replicas;
  const [autoscaler] = autoscalersOf(manifests, workload);
  return autoscaler ? (autoscaler.spec.minReplicas ?? 1) : 1;
}

/** `StatefulSet/auth-mongo` → how many members it must run. */
export type ReplicaCounts = Readonly<Record<string, number>>;

/**
 * Each named workload runs exactly the count given (prod: three members per MongoDB replica set and three NATS
 * servers, DESIGN §11): fewer loses the quorum that makes a member's loss survivable.
 */
export function replicaCountProblems(manifests: readonly Manifest[], counts: ReplicaCounts): string[] {
  const all = workloads(manifests);
  return Object.entries(counts).flatMap(([key, expected]) => {
    const workload = all.find((w) => `${w.kind}/${w.name}` === key);
    if (!workload) return [`${key}: not found`];
    const actual = replicasOf(manifests, workload);
    return actual === expected ? [] : [`${key}: ${actual} replica(s), not ${expected}`];
  });
}
