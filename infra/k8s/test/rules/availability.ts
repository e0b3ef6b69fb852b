import { ofKind, selects, specOf, workloads, type LabelSelector, type Manifest, type PodSpec } from './manifests';
import { replicasOf } from './replicas';

export interface AvailabilityOptions {
  /** Replicas of each Deployment, so that one pod can restart or move while the other serves. */
  minReplicas: number;
  /**
   * The services' hard shutdown deadline (STYLE: boot and shutdown): common's default, and the deployments whose
   * definition sets a longer `shutdownDeadlineMs`.
   */
  shutdownSeconds: number;
  longerShutdownSeconds?: Readonly<Record<string, number>>;
}

/** Seconds a preStop hook waits before SIGTERM is sent: `sleep N` as exec, or the sleep action. */
function preStopSeconds(pod: PodSpec): number {
  return Math.max(
    0,
    ...(pod.containers ?? []).map((c) => {
      const hook = c.lifecycle?.preStop;
      if (hook?.sleep?.seconds !== undefined) return hook.sleep.seconds;
      const [program, seconds] = hook?.exec?.command ?? [];
      return program === 'sleep' ? Number(seconds) || 0 : 0;
    }),
  );
}

/**
 * Every Deployment survives a rolling update or a node drain: enough replicas, a PodDisruptionBudget over its pods,
 * and a grace period longer than its preStop wait plus the shutdown deadline, so that Kubernetes never SIGKILLs a pod
 * that is still draining.
 */
export function availabilityProblems(manifests: readonly Manifest[], options: AvailabilityOptions): string[] {
  const budgets = ofKind(manifests, 'PodDisruptionBudget').map(
    (pdb) => specOf<{ selector?: LabelSelector }>(pdb).selector?.matchLabels,
  );
  return workloads(manifests)
    .filter((w) => w.kind === 'Deployment')
    .flatMap((w) => {
      const where = `Deployment/${w.name}`;
      const problems: string[] = [];
      // Its own count, or its autoscaler's minimum when it leaves the count to one (overlays/prod).
      const replicas = replicasOf(manifests, w);
      if (replicas < options.minReplicas)
        problems.push(`${where}: ${replicas} replica(s), fewer than ${options.minReplicas}`);
      if (!budgets.some((selector) => selects(selector, w.labels))) problems.push(`${where}: no PodDisruptionBudget`);
      const grace = w.pod.terminationGracePeriodSeconds ?? 30;
      const needed = preStopSeconds(w.pod) + (options.longerShutdownSeconds?.[w.name] ?? options.shutdownSeconds);
      if (grace <= needed)
        problems.push(`${where}: terminationGracePeriodSeconds ${grace} is not above preStop + shutdown (${needed} s)`);
      return problems;
    });
}
