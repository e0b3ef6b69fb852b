import { flagValue } from './args';
import { resolvedEnv } from './env';
import { workloads, type Manifest, type Workload } from './manifests';
import { replicasOf } from './replicas';

const MONGO_PORT = 27017;

/** The hosts, database and options of a `mongodb://h1,h2,h3/db?k=v` URI, or undefined when it is not one. */
export function parseMongoUri(
  uri: string,
): { hosts: string[]; database: string; options: URLSearchParams } | undefined {
  const match = /^mongodb:\/\/([^/?]+)\/([^?]+)(?:\?(.*))?$/.exec(uri);
  if (!match) return undefined;
  return {
    hosts: (match[1] ?? '').split(','),
    database: match[2] ?? '',
    options: new URLSearchParams(match[3] ?? ''),
  };
}

function listProblems(where: string, what: string, actual: readonly string[], expected: readonly string[]): string[] {
  return [
    ...expected.filter((host) => !actual.includes(host)).map((host) => `${where}: ${what} does not name ${host}`),
    ...actual.filter((host) => !expected.includes(host)).map((host) => `${where}: ${what} names ${host}, not a member`),
  ];
}

function envOf(workload: Workload | undefined, name: string): string | undefined {
  return workload?.pod.containers?.[0]?.env?.find((v) => v.name === name)?.value;
}

/**
 * Each service's MongoDB (`<service>-mongo`) that runs more than one member is a replica set, and everything that
 * reaches it agrees on its members (DESIGN §11):
 * - the StatefulSet starts mongod with `--replSet <name>` (without it, three pods are three unrelated databases behind
 *   one DNS name);
 * - the service's MONGO_URI names every member, `<set>-<i>.<headless Service>:27017` for each pod, and nothing else,
 *   with `replicaSet=<name>`, so that the driver finds the primary and follows elections;
 * - the Job `<set>-init` initiates that set with those members: REPLICA_SET is the name, MEMBERS lists them, member 0
 *   first (the script initiates on member 0).
 */
export function mongoReplicaSetProblems(
  manifests: readonly Manifest[],
  secretSamples: Readonly<Record<string, Readonly<Record<string, string>>>>,
): string[] {
  const all = workloads(manifests);
  return all
    .filter((w) => w.kind === 'StatefulSet' && w.name.endsWith('-mongo'))
    .flatMap((mongo) => {
      const where = `StatefulSet/${mongo.name}`;
      const replicas = replicasOf(manifests, mongo);
      const setName = flagValue(mongo.pod.containers?.[0]?.args, 'replSet');
      if (!setName) return replicas > 1 ? [`${where}: ${replicas} members but no --replSet`] : [];

      const members = Array.from(
        { length: replicas },
        (_, i) => `${mongo.name}-${i}.${mongo.spec.serviceName}:${MONGO_PORT}`,
      );
      const owner = mongo.name.slice(0, -'-mongo'.length);
      const problems: string[] = [];

      const uri = resolvedEnv(manifests, owner, secretSamples)?.MONGO_URI;
      const parsed = uri === undefined ? undefined : parseMongoUri(uri);
      if (!parsed) {
        problems.push(`Deployment/${owner}: MONGO_URI ${JSON.stringify(uri)} is not a mongodb:// URI of hosts`);
      } else {
        problems.push(...listProblems(`Deployment/${owner}`, 'MONGO_URI', parsed.hosts, members));
        const named = parsed.options.get('replicaSet');
        if (named !== setName)
          problems.push(`Deployment/${owner}: MONGO_URI names replicaSet=${named}, not ${setName}`);
      }

      const init = all.find((w) => w.kind === 'Job' && w.name === `${mongo.name}-init`);
      if (!init) {
        problems.push(`${where}: no Job/${mongo.name}-init initiates the set`);
      } else {
        const at = `Job/${init.name}`;
        const named = envOf(init, 'REPLICA_SET');
        if (named !== setName) problems.push(`${at}: REPLICA_SET is ${named}, not ${setName}`);
        const listed = (envOf(init, 'MEMBERS') ?? '').split(',').filter(Boolean);
        problems.push(...listProblems(at, 'MEMBERS', listed, members));
        if (listed[0] !== members[0]) problems.push(`${at}: MEMBERS does not start with ${members[0]}`);
      }
      return problems;
    });
}
