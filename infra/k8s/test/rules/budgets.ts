import { describe, ofKind, selects, specOf, workloads, type LabelSelector, type Manifest } from './manifests';
import { replicasOf } from './replicas';

interface BudgetSpec {
  selector?: LabelSelector;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
}

/** Pods a budget lets go at once out of `replicas` (Kubernetes rounds minAvailable % up, maxUnavailable % up too). */
function disruptionsAllowed(spec: BudgetSpec, replicas: number): number {
  const count = (value: number | string): number =>
    typeof value === 'number' ? value : Math.ceil((replicas * Number(value.replace('%', ''))) / 100);
  if (spec.maxUnavailable !== undefined) return count(spec.maxUnavailable);
  if (spec.minAvailable !== undefined) return replicas - count(spec.minAvailable);
  return 0;
}

/**
 * Disruption budgets that protect without blocking (DESIGN §11):
 * - every PodDisruptionBudget selects the pods of exactly one Deployment or StatefulSet: one over two workloads would
 *   count their pods together, and one over none protects nothing;
 * - it lets at least one of those pods go at a time: a budget that allows none blocks every node drain for ever;
 * - every workload that runs more than one pod has a budget, so a drain never takes all its pods at once.
 */
export function budgetProblems(manifests: readonly Manifest[]): string[] {
  const owners = workloads(manifests).filter((w) => w.kind !== 'Job');
  const budgets = ofKind(manifests, 'PodDisruptionBudget');

  const own = budgets.flatMap((pdb) => {
    const where = describe(pdb);
    const spec = specOf<BudgetSpec>(pdb);
    const selected = owners.filter((w) => selects(spec.selector?.matchLabels, w.labels));
    if (selected.length !== 1) {
      return [`${where}: selects the pods of ${selected.length} workloads (${selected.map((w) => w.name).join(', ')})`];
    }
    const [workload] = selected as [(typeof selected)[number]];
    const replicas = replicasOf(manifests, workload);
    const allowed = disruptionsAllowed(spec, replicas);
    return allowed >= 1
      ? []
      : [`${where}: allows no disruption of ${workload.kind}/${workload.name}'s ${replicas} pod(s)`];
  });

  const missing = owners
    .filter((w) => replicasOf(manifests, w) > 1)
    .filter((w) => !budgets.some((pdb) => selects(specOf<BudgetSpec>(pdb).selector?.matchLabels, w.labels)))
    .map((w) => `${w.kind}/${w.name}: ${replicasOf(manifests, w)} pods and no PodDisruptionBudget`);

  return [...own, ...missing];
}
