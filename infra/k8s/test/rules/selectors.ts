import {
  describe,
  nameOf,
  ofKind,
  selects,
  specOf,
  workloads,
  workloadsSelectedBy,
  type LabelSelector,
  type Labels,
  type Manifest,
} from './manifests';

interface ServiceSpec {
  clusterIP?: string;
  selector?: Labels;
  ports?: { name?: string; port?: number; targetPort?: string | number }[];
}

/**
 * Every selector finds pods, so that nothing is wired to nothing:
 * - a Service selects the pod template of some Deployment or StatefulSet, and each of its ports targets a port those
 *   pods declare (a named targetPort must be a named containerPort);
 * - a PodDisruptionBudget selects some pod template;
 * - a Deployment or StatefulSet selects its own template, and a StatefulSet's serviceName is a headless Service.
 */
export function selectorProblems(manifests: readonly Manifest[]): string[] {
  const services = ofKind(manifests, 'Service').flatMap((service) => {
    const where = describe(service);
    const spec = specOf<ServiceSpec>(service);
    const selected = workloadsSelectedBy(manifests, spec.selector);
    if (selected.length === 0)
      return [`${where}: its selector ${JSON.stringify(spec.selector ?? {})} matches no pod template`];
    return (spec.ports ?? []).flatMap((port) =>
      selected
        .filter((w) => {
          const declared = (w.pod.containers ?? []).flatMap((c) => c.ports ?? []);
          const target = port.targetPort ?? port.port;
          return !declared.some((d) => (typeof target === 'string' ? d.name === target : d.containerPort === target));
        })
        .map(
          (w) =>
            `${where}: port ${port.name ?? port.port} targets ${port.targetPort ?? port.port}, which ${w.kind}/${w.name} does not declare`,
        ),
    );
  });

  const budgets = ofKind(manifests, 'PodDisruptionBudget').flatMap((pdb) => {
    const selector = specOf<{ selector?: LabelSelector }>(pdb).selector?.matchLabels;
    return workloadsSelectedBy(manifests, selector).length > 0
      ? []
      : [`${describe(pdb)}: its selector matches no pod template`];
  });

  const owners = workloads(manifests).flatMap((w) => {
    const where = describe(w.manifest);
    const problems = selects(w.spec.selector?.matchLabels, w.labels)
      ? []
      : [`${where}: its selector does not match its own template`];
    if (w.kind === 'StatefulSet') {
      const governing = ofKind(manifests, 'Service').find((s) => nameOf(s) === w.spec.serviceName);
      if (!governing) problems.push(`${where}: serviceName ${w.spec.serviceName} is not a Service of the manifests`);
      else if (specOf<ServiceSpec>(governing).clusterIP !== 'None')
        problems.push(`${where}: Service ${w.spec.serviceName} is not headless`);
    }
    return problems;
  });

  return [...services, ...budgets, ...owners];
}
