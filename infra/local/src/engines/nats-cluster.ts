// A JetStream cluster of nats-server processes on loopback, as infra/k8s's prod overlay runs three (DESIGN §11), for
// the fault tests that kill a node: every node is an ordinary guarded engine (startNats's spawn and readiness), plus
// a server name, the cluster name, its cluster port and routes naming every node.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadOrCreateBusCredentials } from '../bus/credentials-file';
import { localNatsConfig, type BusCredentials } from '../bus/nats-config';
import { ensureEngines } from './ensure';
import { natsServerReady, spawnNatsServer, type SpawnedNatsServer } from './nats';
import { freePort, httpJson, httpOk } from './probes';
import type { LogLine, NatsHandle } from './types';
import { EngineStartError } from './wait-ready';

/** The cluster name, as in infra/k8s/overlays/prod/nats-cluster.yaml. */
const CLUSTER_NAME = 'ticketing';

export interface StartNatsClusterOptions {
  /** Each node's store and log go in `<dataDir>/<node name>`; created if missing. */
  dataDir: string;
  /** Number of nodes (default 3: a quorum survives the loss of one). */
  size?: number;
  log?: LogLine;
  bin?: string;
  /** How long the nodes get to elect a JetStream meta leader, in ms (default 30 000). */
  readyTimeoutMs?: number;
  /** The users' passwords (the same on every node) and the routes' password; default kept in `<dataDir>`. */
  credentials?: BusCredentials;
}

/** One node of a cluster: a nats-server with its JetStream server name (`n1`, `n2`…) and its route URL. */
export interface NatsClusterNode extends NatsHandle {
  readonly name: string;
  readonly clusterUrl: string;
}

export interface NatsCluster {
  readonly nodes: readonly NatsClusterNode[];
  /** Every node's client URL, comma-separated: what NATS_URL takes for a cluster (connectBus splits it). */
  readonly url: string;
  /** What every node accepts: the bus users' passwords (routes authenticate with their own). */
  readonly credentials: BusCredentials;
  /** The JetStream meta leader's server name, as the first node still answering sees it (undefined meanwhile). */
  metaLeader(): Promise<string | undefined>;
  /** Stops every node (SIGTERM, SIGKILL after 10 s); resolves once all have exited. Idempotent. */
  stop(): Promise<void>;
}

interface Jsz {
  meta_cluster?: { leader?: string; cluster_size?: number };
}

async function metaLeaderOf(monitorUrl: string): Promise<string | undefined> {
  const jsz = (await httpJson(`${monitorUrl}/jsz`)) as Jsz | undefined;
  return jsz?.meta_cluster?.leader || undefined;
}

/**
 * Starts `size` nats-servers on 127.0.0.1, each with JetStream on its own store, a unique server name (JetStream
 * clusters need one), the cluster name, a cluster port picked free, and routes to every node (its own is recognised
 * and dropped, as in the prod overlay), all with the same users and permissions as a single server, and routes that
 * authenticate with their own password (a process that is not a node cannot join the cluster). Resolves once every node reports JetStream healthy (`/healthz`, which needs
 * contact with a meta leader) and a meta leader in `/jsz`, so streams with replicas can be created at once.
 * A cluster port taken by another process between the pick and the bind restarts the whole cluster on new ports.
 *
 * @throws EngineStartError when a node exits or the cluster does not form within `readyTimeoutMs`; no node is left
 * running then.
 */
export async function startNatsCluster(options: StartNatsClusterOptions): Promise<NatsCluster> {
  const size = options.size ?? 3;
  if (!Number.isInteger(size) || size < 1) throw new Error(`a cluster needs at least one node (size ${size})`);
  const dataDir = path.resolve(options.dataDir);
  const bin = options.bin ?? (await ensureEngines({ log: options.log, only: ['nats'] })).natsServer;
  const names = Array.from({ length: size }, (_, i) => `n${i + 1}`);
  for (const name of names) await mkdir(path.join(dataDir, name), { recursive: true });
  const credentials =
    options.credentials ?? (await loadOrCreateBusCredentials(path.join(dataDir, 'bus-credentials.json')));

  for (let attempt = 1; ; attempt++) {
    const clusterPorts = await Promise.all(names.map(() => freePort()));
    const clusterUrls = clusterPorts.map((port) => `nats://127.0.0.1:${port}`);
    const servers: SpawnedNatsServer[] = [];
    try {
      for (const [i, name] of names.entries()) {
        servers.push(
          await spawnNatsServer({
            bin,
            dataDir: path.join(dataDir, name),
            // The cluster settings are in the config file, so that the routes' password is not on a command line.
            config: localNatsConfig(credentials, {
              name: CLUSTER_NAME,
              listen: `127.0.0.1:${clusterPorts[i] ?? 0}`,
              routes: clusterUrls,
            }),
            extraArgs: ['--name', name],
          }),
        );
      }
      const handles = await Promise.all(
        servers.map((server) =>
          natsServerReady(
            server,
            credentials,
            async (monitorUrl) => (await httpOk(`${monitorUrl}/healthz`)) && !!(await metaLeaderOf(monitorUrl)),
            options.readyTimeoutMs,
          ),
        ),
      );
      const nodes = handles.map((handle, i) => ({ ...handle, name: names[i] ?? '', clusterUrl: clusterUrls[i] ?? '' }));
      options.log?.(`nats cluster ${CLUSTER_NAME} started: ${nodes.map((n) => `${n.name} ${n.url}`).join(', ')}`);
      return {
        nodes,
        url: nodes.map((n) => n.url).join(','),
        credentials,
        async metaLeader() {
          for (const node of nodes) {
            const leader = await metaLeaderOf(node.monitorUrl);
            if (leader) return leader;
          }
          return undefined;
        },
        async stop() {
          await Promise.allSettled(nodes.map((n) => n.stop()));
        },
      };
    } catch (error) {
      // All or nothing: the nodes still starting would wait for peers that are gone.
      await Promise.allSettled(servers.map((s) => s.proc.stop()));
      if (!(error instanceof EngineStartError && error.addressInUse) || attempt >= 5) throw error;
    }
  }
}
