import { containers, type Manifest } from './manifests';

/**
 * Every container says when it can take traffic and when it must be restarted (STYLE: processes are honest with their
 * orchestrator). Init containers cannot have probes, so only the main containers are checked; nor are a Job's, which
 * serve nothing and end by themselves.
 */
export function probeProblems(manifests: readonly Manifest[]): string[] {
  const serving = containers(manifests, { init: false }).filter(({ workload }) => workload.kind !== 'Job');
  return serving.flatMap(({ container, where }) => [
    ...(container.readinessProbe ? [] : [`${where}: no readinessProbe`]),
    ...(container.livenessProbe ? [] : [`${where}: no livenessProbe`]),
  ]);
}

export interface ProbePaths {
  readiness: string;
  liveness: string;
}

/**
 * Our services' probes read the two endpoints every service serves (DESIGN §3): readiness /readyz (stores and bus
 * connected, not shutting down), liveness /healthz (the process only, so a database outage restarts nothing).
 */
export function probePathProblems(
  manifests: readonly Manifest[],
  deployments: readonly string[],
  paths: ProbePaths = { readiness: '/readyz', liveness: '/healthz' },
): string[] {
  return deployments.flatMap((name) => {
    const found = containers(manifests, { init: false }).filter(
      (c) => c.workload.kind === 'Deployment' && c.workload.name === name,
    );
    if (found.length === 0) return [`Deployment/${name}: not found`];
    return found.flatMap(({ container, where }) => [
      ...(container.readinessProbe?.httpGet?.path === paths.readiness
        ? []
        : [`${where}: readinessProbe is not httpGet ${paths.readiness}`]),
      ...(container.livenessProbe?.httpGet?.path === paths.liveness
        ? []
        : [`${where}: livenessProbe is not httpGet ${paths.liveness}`]),
    ]);
  });
}
