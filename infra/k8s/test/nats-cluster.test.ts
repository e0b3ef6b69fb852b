import { natsClusterProblems, streamReplicaProblems } from './rules/nats-cluster';
import { CLUSTER_SECRETS } from './support/cluster-secrets';
import { bodyOf, containerOf, copyOf, specOf } from './support/edit';
import { loadOverlays } from './support/load';
import { OVERLAYS } from './support/render';

const overlays = loadOverlays();

/** Edits the value that follows a flag in the NATS container's args. */
function setFlag(manifests: ReturnType<typeof copyOf>, flag: string, value: string): void {
  const args = containerOf(manifests, 'StatefulSet', 'nats').args!;
  args[args.indexOf(flag) + 1] = value;
}

describe('rule: the NATS cluster', () => {
  test.each(OVERLAYS)('When the %s overlay is rendered, then its NATS servers can form their cluster', (overlay) => {
    expect(natsClusterProblems(overlays[overlay])).toEqual([]);
  });

  test.each(OVERLAYS)(
    'When the %s overlay is rendered, then the stream has as many copies as its NATS servers can hold and lose one of',
    (overlay) => {
      expect(streamReplicaProblems(overlays[overlay], CLUSTER_SECRETS)).toEqual([]);
    },
  );

  test('When the routes leave out a peer and name a stranger, then the rule reports both', () => {
    const broken = copyOf(overlays.prod);
    setFlag(
      broken,
      '--routes',
      [0, 1].map((i) => `nats://route:$(NATS_ROUTE_PASSWORD)@nats-${i}.nats-headless:6222`).join(',') +
        ',nats://route:$(NATS_ROUTE_PASSWORD)@nats-3.nats:6222',
    );

    expect(natsClusterProblems(broken)).toEqual([
      'StatefulSet/nats: --routes does not name nats://nats-2.nats-headless:6222',
      'StatefulSet/nats: --routes names nats://nats-3.nats:6222, not a peer',
    ]);
  });

  test('When the routes stop logging in, or the cluster stops requiring it, then the rule reports each', () => {
    const noLogin = copyOf(overlays.prod);
    setFlag(noLogin, '--routes', [0, 1, 2].map((i) => `nats://nats-${i}.nats-headless:6222`).join(','));
    const open = copyOf(overlays.prod);
    setFlag(open, '--cluster', 'nats://0.0.0.0:6222');

    expect(natsClusterProblems(noLogin)).toEqual([
      'StatefulSet/nats: a --routes URL does not log in with $(NATS_ROUTE_PASSWORD)',
    ]);
    expect(natsClusterProblems(open)).toEqual([
      'StatefulSet/nats: --cluster does not require a route login with a password from a Secret',
    ]);
  });

  test('When the cluster grows to four servers, then the route to the fourth is reported, and 3 copies still do', () => {
    const broken = copyOf(overlays.prod);
    specOf<{ replicas: number }>(broken, 'StatefulSet', 'nats').replicas = 4;

    expect(natsClusterProblems(broken)).toEqual([
      'StatefulSet/nats: --routes does not name nats://nats-3.nats-headless:6222',
    ]);
    expect(streamReplicaProblems(broken, CLUSTER_SECRETS)).toEqual([]);
  });

  test('When prod keeps the streams at one copy, then the streams Job is reported', () => {
    const broken = copyOf(overlays.prod);
    (bodyOf(broken, 'ConfigMap', 'ticketing-config').data as Record<string, string>).NATS_STREAM_REPLICAS = '1';

    expect(streamReplicaProblems(broken, CLUSTER_SECRETS)).toEqual([
      'Job/streams: NATS_STREAM_REPLICAS is 1, fewer than 3 copies on 3 NATS servers',
    ]);
  });

  test('When dev asks for three copies on its one server, then the streams Job is reported', () => {
    const broken = copyOf(overlays.dev);
    (bodyOf(broken, 'ConfigMap', 'ticketing-config').data as Record<string, string>).NATS_STREAM_REPLICAS = '3';

    expect(streamReplicaProblems(broken, CLUSTER_SECRETS)).toEqual([
      'Job/streams: NATS_STREAM_REPLICAS is 3, more than the 1 NATS server(s)',
    ]);
  });

  test('When every server gets the same name and its store leaves the volume, then the rule reports both', () => {
    const broken = copyOf(overlays.prod);
    setFlag(broken, '--name', 'nats');
    setFlag(broken, '-sd', '/tmp/jetstream');

    expect(natsClusterProblems(broken)).toEqual([
      "StatefulSet/nats: --name is not the pod's name, so not unique",
      'StatefulSet/nats: the JetStream store /tmp/jetstream is not on a volume of its volumeClaimTemplates',
    ]);
  });

  test('When the headless Service hides pods that are not ready yet and drops the cluster port, then the rule reports both', () => {
    const broken = copyOf(overlays.prod);
    const service = specOf<{ publishNotReadyAddresses?: boolean; ports: { name: string }[] }>(
      broken,
      'Service',
      'nats-headless',
    );
    delete service.publishNotReadyAddresses;
    service.ports = service.ports.filter((p) => p.name !== 'cluster');

    expect(natsClusterProblems(broken)).toEqual([
      'StatefulSet/nats: Service nats-headless does not publish not-ready pods, so peers cannot meet',
      'StatefulSet/nats: Service nats-headless does not expose the cluster port 6222',
    ]);
  });

  test("When dev's single server is scaled to three without cluster flags, then the rule reports what is missing", () => {
    const broken = copyOf(overlays.dev);
    specOf<{ replicas: number }>(broken, 'StatefulSet', 'nats').replicas = 3;

    expect(natsClusterProblems(broken)).toEqual(
      expect.arrayContaining([
        'StatefulSet/nats: 3 servers but no --cluster listen address',
        'StatefulSet/nats: no --cluster_name',
        "StatefulSet/nats: --name is not the pod's name, so not unique",
      ]),
    );
  });
});
