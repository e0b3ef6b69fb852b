import { describe, workloads, type Manifest } from './manifests';
import { parseQuantity } from './resources';
import { autoscalers, autoscalersOf } from './replicas';

export interface AutoscalingOptions {
  /** The Deployments that must each have one autoscaler (prod: all six). */
  deployments: readonly string[];
  /** The least an autoscaler may go down to (one pod can restart or move while another serves). */
  minReplicas: number;
}

/**
 * Autoscaling that can work (DESIGN §11):
 * - every HorizontalPodAutoscaler targets a Deployment of the manifests (apps/v1), scales between at least
 *   `minReplicas` and a maximum no lower, on CPU utilization;
 * - each target's containers request CPU, since utilization is measured against the request (without one, the
 *   autoscaler cannot compute it and does nothing);
 * - each Deployment named has exactly one autoscaler (two would fight), and states no `replicas` of its own, which
 *   every `kubectl apply` would reset the autoscaler's choice to.
 */
export function autoscalerProblems(manifests: readonly Manifest[], options: AutoscalingOptions): string[] {
  const deployments = workloads(manifests).filter((w) => w.kind === 'Deployment');

  const scalers = autoscalers(manifests).flatMap(({ manifest, spec }) => {
    const where = describe(manifest);
    const ref = spec.scaleTargetRef;
    const target = deployments.find((d) => ref?.kind === 'Deployment' && ref.name === d.name);
    const problems: string[] = [];
    if (!target || ref?.apiVersion !== 'apps/v1') {
      problems.push(`${where}: targets ${ref?.apiVersion}/${ref?.kind}/${ref?.name}, which is not a Deployment here`);
    }
    const min = spec.minReplicas ?? 1;
    if (min < options.minReplicas) problems.push(`${where}: minReplicas ${min} is below ${options.minReplicas}`);
    if ((spec.maxReplicas ?? 0) < min) problems.push(`${where}: maxReplicas ${spec.maxReplicas} is below ${min}`);
    const onCpu = (spec.metrics ?? []).some(
      (m) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.type === 'Utilization',
    );
    if (!onCpu) problems.push(`${where}: does not scale on CPU utilization`);
    for (const container of target?.pod.containers ?? []) {
      if (parseQuantity(container.resources?.requests?.cpu) === undefined) {
        problems.push(`${where}: container ${container.name} of its target requests no CPU`);
      }
    }
    return problems;
  });

  const targets = options.deployments.flatMap((name) => {
    const deployment = deployments.find((d) => d.name === name);
    if (!deployment) return [`Deployment/${name}: not found`];
    const count = autoscalersOf(manifests, deployment).length;
    const problems = count === 1 ? [] : [`Deployment/${name}: ${count} HorizontalPodAutoscalers, not 1`];
    if (count > 0 && deployment.spec.replicas !== undefined) {
      problems.push(`Deployment/${name}: sets replicas (${deployment.spec.replicas}) although an autoscaler owns them`);
    }
    return problems;
  });

  return [...scalers, ...targets];
}
