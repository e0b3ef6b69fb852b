import { flagValue } from './args';
import { workloads, type Manifest } from './manifests';

export interface RedisOptions {
  /** Whether Redis must require a password (prod; DESIGN §10). */
  password: boolean;
}

/**
 * Redis keeps what BullMQ and the throttling store there, and (with `password`) lets in only who knows the password:
 * - the append-only file is on (`--appendonly yes`): a pending expiry survives a restart (DESIGN §2);
 * - `--requirepass` takes `$(VAR)`, a variable read from a Secret, so the password is never written in a manifest;
 * - the readiness probe can authenticate (REDISCLI_AUTH from a Secret), or Redis would never be ready;
 * - every Deployment that gets REDIS_URL reads it from a Secret, where the password is; a ConfigMap or literal URL
 *   either has no password (refused: NOAUTH) or publishes it.
 */
export function redisProblems(manifests: readonly Manifest[], options: RedisOptions, name = 'redis'): string[] {
  const all = workloads(manifests);
  const redis = all.find((w) => w.kind === 'StatefulSet' && w.name === name);
  if (!redis) return [`StatefulSet/${name}: not found`];
  const where = `StatefulSet/${name}`;
  const container = redis.pod.containers?.[0];
  const args = container?.args;
  const fromSecret = (variable: string | undefined): boolean =>
    container?.env?.some((v) => v.name === variable && v.valueFrom?.secretKeyRef !== undefined) ?? false;

  const problems: string[] = [];
  if (flagValue(args, 'appendonly') !== 'yes') problems.push(`${where}: the append-only file is off`);
  if (!options.password) return problems;

  const variable = /^\$\((\w+)\)$/.exec(flagValue(args, 'requirepass') ?? '')?.[1];
  if (!variable || !fromSecret(variable)) {
    problems.push(`${where}: --requirepass is not $(VAR) with VAR from a Secret`);
  }
  if (!fromSecret('REDISCLI_AUTH'))
    problems.push(`${where}: REDISCLI_AUTH is not from a Secret, so its probe is refused`);

  for (const deployment of all.filter((w) => w.kind === 'Deployment')) {
    for (const variable of (deployment.pod.containers ?? []).flatMap((c) => c.env ?? [])) {
      if (variable.name === 'REDIS_URL' && variable.valueFrom?.secretKeyRef === undefined) {
        problems.push(`Deployment/${deployment.name}: REDIS_URL is not from a Secret, so it has no password`);
      }
    }
  }
  return problems;
}
