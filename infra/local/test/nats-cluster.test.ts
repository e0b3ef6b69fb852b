import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startNatsCluster, type NatsCluster } from '../src';
import { eventually, killZeroError, natsInfo } from './helpers';

let workDir: string;
let cluster: NatsCluster | undefined;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(process.env.TEST_ENGINES_DIR ?? os.tmpdir(), 'nats-cluster-'));
});

afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

interface Routez {
  routes: Array<{ remote_name: string }>;
}

async function json<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

describe('startNatsCluster', () => {
  test('When three nodes start, then each routes to the other two, all agree on one meta leader, and stop() ends them', async () => {
    cluster = await startNatsCluster({ dataDir: path.join(workDir, 'three') });
    const { nodes } = cluster;

    expect(nodes.map((n) => n.name)).toEqual(['n1', 'n2', 'n3']);
    expect(cluster.url.split(',')).toEqual(nodes.map((n) => n.url));
    for (const node of nodes) {
      expect(await natsInfo(node.url)).toMatchObject({ jetstream: true, port: node.port });
      const peers = new Set((await json<Routez>(`${node.monitorUrl}/routez`)).routes.map((r) => r.remote_name));
      expect([...peers].sort()).toEqual(nodes.filter((n) => n !== node).map((n) => n.name));
    }
    const leaders = await Promise.all(
      nodes.map(async (n) => (await json<{ meta_cluster: { leader: string } }>(`${n.monitorUrl}/jsz`)).meta_cluster),
    );
    expect(new Set(leaders.map((m) => m.leader)).size).toBe(1);
    expect(await cluster.metaLeader()).toBe(leaders[0]?.leader);

    await cluster.stop();
    for (const node of nodes) expect(killZeroError(node.pid)).toBe('ESRCH');
  });

  test('When the meta leader is SIGKILLed, then the two left elect another', async () => {
    cluster = await startNatsCluster({ dataDir: path.join(workDir, 'kill') });
    const leader = await cluster.metaLeader();
    const victim = cluster.nodes.find((n) => n.name === leader);
    expect(victim).toBeDefined();

    victim?.kill();

    const next = await eventually(
      async () => {
        const now = await cluster?.metaLeader();
        return now && now !== leader ? now : undefined;
      },
      'a new meta leader',
      20_000,
    );
    expect(cluster.nodes.map((n) => n.name)).toContain(next);
  });
});
