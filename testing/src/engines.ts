import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNats, startNatsCluster, startRedis, type NatsClusterNode } from '@ticketing/local';
import { newObjectId, type StreamSettings } from '@ticketing/common';
import { makeTestStreams } from './bus-helpers';
import { testBusCredentials } from './bus-credentials';

/**
 * A MongoDB URI for one test file's own database on the engine that jest's global setup started
 * (or the MongoDB given by TEST_MONGO_URI). Each call gives a fresh database, so test files never share data.
 */
export function testMongoUri(prefix: string): string {
  const base = process.env.TEST_MONGO_URI;
  if (!base)
    throw new Error(
      'TEST_MONGO_URI is not set: run the tests through jest (its global setup starts the MongoDB engine)',
    );
  const [withoutQuery = base, query] = base.split('?');
  const root = withoutQuery.replace(/\/+$/, '');
  return `${root}/${prefix}_${newObjectId().slice(-8)}${query ? `?${query}` : ''}`;
}

/** A NATS or Redis server of this test file only, so durables and queues of parallel test files never meet. */
export interface TestEngine {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
  kill(): void;
}

async function tempDir(name: string): Promise<string> {
  return mkdtemp(join(process.env.TEST_ENGINES_DIR ?? tmpdir(), `${name}-`));
}

/**
 * Starts a private `nats-server -js` for one test file, with the run's users and permissions (testBusCredentials:
 * connect with `connectTestBus`, start a service with `busLoginEnv(service)`), and its streams and durables made as
 * deployment makes them (`streams` overrides the default settings, e.g. a small byte limit); `stop()` also removes
 * its store.
 */
export async function startTestNats(options: { streams?: Partial<StreamSettings> } = {}): Promise<TestEngine> {
  const dataDir = await tempDir('nats');
  const nats = await startNats({ dataDir, credentials: testBusCredentials() });
  try {
    await makeTestStreams(nats.url, options.streams);
  } catch (error) {
    await nats.stop();
    throw error;
  }
  return {
    url: nats.url,
    port: nats.port,
    pid: nats.pid,
    kill: () => nats.kill(),
    async stop() {
      await nats.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A private JetStream cluster for one test file: its nodes (to kill one) and the URL list that NATS_URL takes. */
export interface TestNatsCluster {
  /** Every node's client URL, comma-separated. */
  url: string;
  nodes: readonly NatsClusterNode[];
  /** The JetStream meta leader's server name (a node's `name`), as the nodes still answering see it. */
  metaLeader(): Promise<string | undefined>;
  /** Stops every node and removes their stores. */
  stop(): Promise<void>;
}

/**
 * Starts a private `size`-node (3) nats-server cluster with JetStream, resolved once a meta leader is elected and
 * the streams are made with `size` copies.
 */
export async function startTestNatsCluster(size = 3): Promise<TestNatsCluster> {
  const dataDir = await tempDir('nats-cluster');
  const cluster = await startNatsCluster({ dataDir, size, credentials: testBusCredentials() });
  try {
    // A copy of each stream on every node, as in production (DESIGN §11).
    await makeTestStreams(cluster.url, { replicas: size });
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return {
    url: cluster.url,
    nodes: cluster.nodes,
    metaLeader: () => cluster.metaLeader(),
    async stop() {
      await cluster.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A Redis of one test file: its data dir and port start it again where it was (startTestRedis). */
export type TestRedis = TestEngine & { dataDir: string };

/**
 * Starts a private `redis-server` (append-only file on, a password required) for one test file; `url` carries the
 * password. `dataDir` and `port` restart one on the same port and password (kept in the data dir).
 */
export async function startTestRedis(options: { dataDir?: string; port?: number } = {}): Promise<TestRedis> {
  const dataDir = options.dataDir ?? (await tempDir('redis'));
  const redis = await startRedis({ dataDir, ...(options.port !== undefined && { port: options.port }) });
  return {
    url: redis.url,
    port: redis.port,
    pid: redis.pid,
    dataDir,
    kill: () => redis.kill(),
    stop: () => redis.stop(),
  };
}
