import { describe, nameOf, ofKind, workloads, type Manifest, type Workload } from './manifests';

export interface EnvRequirement {
  /** Variables the service refuses to start without (its config schema). */
  required: readonly string[];
  /** Variables that must stay unset in the cluster (STRIPE_API_URL: production talks to Stripe itself). */
  forbidden?: readonly string[];
}

function configMapKeys(manifests: readonly Manifest[], name: string | undefined): Set<string> | undefined {
  const found = ofKind(manifests, 'ConfigMap').find((m) => nameOf(m) === name);
  if (!found) return undefined;
  const data = { ...(found.body.data as Record<string, unknown> | undefined), ...(found.body.binaryData as object) };
  return new Set(Object.keys(data));
}

/** The names a pod's containers get: `env` entries, and every key of a ConfigMap imported with `envFrom`. */
function envNames(manifests: readonly Manifest[], workload: Workload): Set<string> {
  const names = new Set<string>();
  for (const container of workload.pod.containers ?? []) {
    for (const variable of container.env ?? []) if (variable.name) names.add(variable.name);
    for (const source of container.envFrom ?? []) {
      for (const key of configMapKeys(manifests, source.configMapRef?.name) ?? []) names.add(key);
    }
  }
  return names;
}

/**
 * Each service's Deployment sets every variable the service requires, so that a pod never crash-loops on a missing
 * one (the service names it and exits 1), and none of those that must stay unset.
 */
export function missingEnvProblems(
  manifests: readonly Manifest[],
  requirements: Readonly<Record<string, EnvRequirement>>,
): string[] {
  return Object.entries(requirements).flatMap(([service, { required, forbidden = [] }]) => {
    const deployment = workloads(manifests).find((w) => w.kind === 'Deployment' && w.name === service);
    if (!deployment) return [`Deployment/${service}: not found`];
    const names = envNames(manifests, deployment);
    return [
      ...required.filter((name) => !names.has(name)).map((name) => `Deployment/${service}: ${name} is not set`),
      ...forbidden.filter((name) => names.has(name)).map((name) => `Deployment/${service}: ${name} must not be set`),
    ];
  });
}

/**
 * Every reference resolves: a configMapKeyRef names a ConfigMap of the manifests and one of its keys; a secretKeyRef
 * names one of the Secrets the README tells the operator to create, with its key (Secrets are never committed).
 */
export function envReferenceProblems(
  manifests: readonly Manifest[],
  externalSecrets: Readonly<Record<string, readonly string[]>>,
): string[] {
  return workloads(manifests).flatMap((workload) =>
    (workload.pod.containers ?? []).flatMap((container) => {
      const where = `${workload.kind}/${workload.name} container ${container.name ?? '(unnamed)'}`;
      const fromEnv = (container.env ?? []).flatMap(({ name, valueFrom }) => {
        const configMap = valueFrom?.configMapKeyRef;
        const secret = valueFrom?.secretKeyRef;
        if (configMap && !configMap.optional) {
          const keys = configMapKeys(manifests, configMap.name);
          if (!keys) return [`${where}: ${name} reads ConfigMap ${configMap.name}, which no manifest defines`];
          if (!keys.has(configMap.key ?? ''))
            return [`${where}: ${name} reads ${configMap.name}.${configMap.key}, which is not a key of it`];
        }
        if (secret) {
          const keys = externalSecrets[secret.name ?? ''];
          if (!keys)
            return [`${where}: ${name} reads Secret ${secret.name}, which the README does not tell anyone to create`];
          if (!keys.includes(secret.key ?? ''))
            return [`${where}: ${name} reads ${secret.name}.${secret.key}, which is not a key of it`];
        }
        return [];
      });
      const fromEnvFrom = (container.envFrom ?? []).flatMap(({ configMapRef }) =>
        configMapRef && !configMapRef.optional && !configMapKeys(manifests, configMapRef.name)
          ? [`${where}: envFrom ConfigMap ${configMapRef.name}, which no manifest defines`]
          : [],
      );
      return [...fromEnv, ...fromEnvFrom];
    }),
  );
}

/** Secrets are created in the cluster by hand (README), never committed: no manifest may be a Secret. */
export function committedSecretProblems(manifests: readonly Manifest[]): string[] {
  return ofKind(manifests, 'Secret').map((m) => `${describe(m)}: Secrets must not be committed`);
}
