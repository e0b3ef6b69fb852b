import { BUS_SERVICES, natsAuthorizationBlock, passwordVariable, type BusUser } from '@ticketing/local';
import { ofKind, workloads, type Manifest } from './manifests';

/** The users a cluster's NATS has: the services and the tools' `operator` (the test kit exists only in tests). */
export const CLUSTER_BUS_USERS: readonly BusUser[] = [...BUS_SERVICES, 'operator'];

/** The Secret that holds `user`'s NATS password (key NATS_PASSWORD). */
export const natsSecretOf = (user: string): string => `nats-${user}`;

/** What the ConfigMap's nats.conf must say, without its comments: the launcher's block, passwords from variables. */
export function expectedNatsConf(): string {
  return natsAuthorizationBlock((user) => ({ env: passwordVariable(user) }), CLUSTER_BUS_USERS);
}

/** The ConfigMap `nats-config`'s nats.conf without comment lines (what nats-server parses). */
export function natsConfOf(manifests: readonly Manifest[]): string | undefined {
  const configMap = ofKind(manifests, 'ConfigMap').find((m) => m.body.metadata?.name === 'nats-config');
  const conf = (configMap?.body.data as Record<string, string> | undefined)?.['nats.conf'];
  return conf
    ?.split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
}

/**
 * The bus of the manifests is the bus of the code (DESIGN §10):
 * - nats.conf is exactly infra/local's authorization block for the cluster's users (made from the one permission
 *   table that the local launcher also writes), so a service has the same rights in both;
 * - the NATS server reads it (`-c` on the mounted ConfigMap) and gets each `$NATS_PASSWORD_<USER>` from that user's
 *   Secret;
 * - each service logs in as itself (NATS_USER its own name) with the password of its own Secret; the client has no
 *   NATS login at all.
 */
export function natsAuthProblems(manifests: readonly Manifest[]): string[] {
  const problems: string[] = [];
  const conf = natsConfOf(manifests);
  if (conf === undefined) problems.push('ConfigMap/nats-config: no nats.conf');
  else if (conf.trim() !== expectedNatsConf().trim()) {
    problems.push(
      `ConfigMap/nats-config: nats.conf is not infra/local's permission table; it should be:\n${expectedNatsConf()}`,
    );
  }

  const all = workloads(manifests);
  const nats = all.find((w) => w.kind === 'StatefulSet' && w.name === 'nats');
  const container = nats?.pod.containers?.[0];
  if (!nats || !container) return [...problems, 'StatefulSet/nats: not found'];
  const args = container.args ?? [];
  const configPath = args[args.indexOf('-c') + 1];
  const volume = nats.pod.volumes?.find((v) => v.configMap?.name === 'nats-config');
  const mount = container.volumeMounts?.find((m) => m.name === volume?.name);
  if (!args.includes('-c') || !volume || !mount || configPath !== `${mount.mountPath}/nats.conf`) {
    problems.push('StatefulSet/nats: does not read nats.conf from the mounted ConfigMap nats-config (-c)');
  }
  for (const user of CLUSTER_BUS_USERS) {
    const variable = container.env?.find((v) => v.name === passwordVariable(user));
    const ref = variable?.valueFrom?.secretKeyRef;
    if (ref?.name !== natsSecretOf(user) || ref.key !== 'NATS_PASSWORD') {
      problems.push(`StatefulSet/nats: ${passwordVariable(user)} is not from Secret ${natsSecretOf(user)}`);
    }
  }

  for (const deployment of all.filter((w) => w.kind === 'Deployment')) {
    const env = deployment.pod.containers?.flatMap((c) => c.env ?? []) ?? [];
    const user = env.find((v) => v.name === 'NATS_USER');
    const password = env.find((v) => v.name === 'NATS_PASSWORD')?.valueFrom?.secretKeyRef;
    const where = `Deployment/${deployment.name}`;
    if (!(BUS_SERVICES as readonly string[]).includes(deployment.name)) {
      if (user || password) problems.push(`${where}: has a NATS login, but it does not use the bus`);
      continue;
    }
    if (user?.value !== deployment.name) problems.push(`${where}: NATS_USER is not ${deployment.name}`);
    if (password?.name !== natsSecretOf(deployment.name) || password.key !== 'NATS_PASSWORD') {
      problems.push(`${where}: NATS_PASSWORD is not from its own Secret ${natsSecretOf(deployment.name)}`);
    }
  }
  return problems;
}
