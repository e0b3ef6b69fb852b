import { describe, nameOf, ofKind, workloads, type Manifest, type Workload } from './manifests';

export interface EnvRequirement {
  /** Variables the service refuses to start without (its config schema). */
  required: readonly string[];
  /** Every variable the part reads; a Deployment setting any other (`NAT_URL`) is reported. Omitted: not checked. */
  known?: readonly string[];
  /** Variables that must stay unset in the cluster (STRIPE_API_URL: production talks to Stripe itself). */
  forbidden?: readonly string[];
}

/** What these rules use of a service's zod `ConfigSchema` (a `z.object`), without tying them to one zod instance. */
export interface ConfigSchemaLike {
  shape: Readonly<Record<string, { safeParse(value: unknown): { success: boolean } }>>;
  safeParse(
    value: unknown,
  ):
    | { success: true }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/**
 * The requirement a config schema states: every key is known, and a key is required when the schema refuses it
 * unset (no default, not optional).
 */
export function requirementOf(schema: ConfigSchemaLike): EnvRequirement {
  const known = Object.keys(schema.shape);
  return { required: known.filter((key) => !schema.shape[key]?.safeParse(undefined).success), known };
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
    const deployment = deploymentOf(manifests, service);
    if (!deployment) return [`Deployment/${service}: not found`];
    const names = envNames(manifests, deployment);
    return [
      ...required.filter((name) => !names.has(name)).map((name) => `Deployment/${service}: ${name} is not set`),
      ...forbidden.filter((name) => names.has(name)).map((name) => `Deployment/${service}: ${name} must not be set`),
    ];
  });
}

function deploymentOf(manifests: readonly Manifest[], service: string): Workload | undefined {
  return workloads(manifests).find((w) => w.kind === 'Deployment' && w.name === service);
}

/**
 * No Deployment sets a variable its part does not read: a misspelt name (`NAT_URL`) is otherwise silently ignored
 * while the real one falls back to its default, or is reported missing far from the typo. `extras` are the names any
 * part may get besides its own (NODE_ENV…), each with the reason.
 */
export function unknownEnvProblems(
  manifests: readonly Manifest[],
  requirements: Readonly<Record<string, EnvRequirement>>,
  extras: Readonly<Record<string, string>>,
): string[] {
  return Object.entries(requirements).flatMap(([service, { known }]) => {
    const deployment = deploymentOf(manifests, service);
    if (!deployment || !known) return [];
    // Only the names written in `env`: a ConfigMap imported whole with envFrom is shared, and brings keys by design.
    const names = (deployment.pod.containers ?? []).flatMap((c) => (c.env ?? []).map((v) => v.name ?? ''));
    return names
      .filter((name) => !known.includes(name) && !(name in extras))
      .map((name) => `Deployment/${service}: sets ${name}, which ${service} does not read`);
  });
}

/**
 * The environment the first container of a Deployment (or another `kind` of workload) gets, as far as the manifests tell: literal values, ConfigMap keys
 * (`configMapKeyRef` and `envFrom`), and for Secrets the sample value given for that key (they are not committed).
 * References that resolve to nothing are left out; `envReferenceProblems` reports them.
 */
export function resolvedEnv(
  manifests: readonly Manifest[],
  service: string,
  secretSamples: Readonly<Record<string, Readonly<Record<string, string>>>>,
  kind = 'Deployment',
): Record<string, string> | undefined {
  const container = workloads(manifests).find((w) => w.kind === kind && w.name === service)?.pod.containers?.[0];
  if (!container) return undefined;
  const configMap = (name: string | undefined): Record<string, unknown> =>
    (ofKind(manifests, 'ConfigMap').find((m) => nameOf(m) === name)?.body.data as Record<string, unknown>) ?? {};
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    for (const [key, value] of Object.entries(configMap(source.configMapRef?.name))) env[key] = String(value);
  }
  for (const { name, value, valueFrom } of container.env ?? []) {
    if (!name) continue;
    const fromMap = valueFrom?.configMapKeyRef;
    const fromSecret = valueFrom?.secretKeyRef;
    const resolved =
      value ??
      (fromMap ? configMap(fromMap.name)[fromMap.key ?? ''] : undefined) ??
      (fromSecret ? secretSamples[fromSecret.name ?? '']?.[fromSecret.key ?? ''] : undefined);
    if (resolved !== undefined) env[name] = String(resolved);
  }
  return env;
}

/**
 * The values each service gets pass its own config schema, so that a bad value (`NATS_URL: http://nats:4222` in the
 * ConfigMap, a port that is not a number) is caught here rather than by a pod that exits 1 at boot.
 */
export function envValueProblems(
  manifests: readonly Manifest[],
  schemas: Readonly<Record<string, ConfigSchemaLike>>,
  secretSamples: Readonly<Record<string, Readonly<Record<string, string>>>>,
): string[] {
  return Object.entries(schemas).flatMap(([service, schema]) => {
    const env = resolvedEnv(manifests, service, secretSamples);
    if (!env) return [`Deployment/${service}: not found`];
    const result = schema.safeParse(env);
    if (result.success) return [];
    return result.error.issues.map((issue) => {
      const name = issue.path.map(String).join('.');
      const shown = name in env ? JSON.stringify(env[name]) : 'not set';
      return `Deployment/${service}: ${name}: ${issue.message} (${shown})`;
    });
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
