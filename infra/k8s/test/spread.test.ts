import { antiAffinityProblems, NODE, spreadProblems, ZONE } from './rules/spread';
import { copyOf, podOf, specOf } from './support/edit';
import { loadOverlays } from './support/load';
import { OVERLAYS } from './support/render';

const overlays = loadOverlays();

describe('rule: spread across zones and nodes', () => {
  test('When the prod overlay is rendered, then every Deployment spreads its own pods across zones and nodes', () => {
    expect(spreadProblems(overlays.prod, [ZONE, NODE])).toEqual([]);
  });

  test.each(OVERLAYS)(
    'When the %s overlay is rendered, then every StatefulSet of several pods keeps them on different nodes',
    (overlay) => {
      expect(antiAffinityProblems(overlays[overlay])).toEqual([]);
    },
  );

  test('When a Deployment loses its zone constraint, then the rule reports it', () => {
    const broken = copyOf(overlays.prod);
    const pod = podOf(broken, 'Deployment', 'tickets');
    pod.topologySpreadConstraints = pod.topologySpreadConstraints!.filter((c) => c.topologyKey !== ZONE);

    expect(spreadProblems(broken, [ZONE, NODE])).toEqual([
      'Deployment/tickets: its pods are not spread across topology.kubernetes.io/zone',
    ]);
  });

  test("When the constraints count every pod with an app label rather than the Deployment's own, then the rule reports both", () => {
    const broken = copyOf(overlays.prod);
    for (const constraint of podOf(broken, 'Deployment', 'client').topologySpreadConstraints!) {
      constraint.matchLabelKeys = ['pod-template-hash'];
    }

    expect(spreadProblems(broken, [ZONE, NODE])).toEqual([
      'Deployment/client: its pods are not spread across topology.kubernetes.io/zone',
      'Deployment/client: its pods are not spread across kubernetes.io/hostname',
    ]);
  });

  test('When a replica set may put two members on one node, then the rule reports it', () => {
    const broken = copyOf(overlays.prod);
    delete podOf(broken, 'StatefulSet', 'orders-mongo').affinity;

    expect(antiAffinityProblems(broken)).toEqual([
      'StatefulSet/orders-mongo: 3 pods that may share a node (no required anti-affinity)',
    ]);
  });

  test("When dev's single NATS server is scaled to three without anti-affinity, then the rule reports it", () => {
    const broken = copyOf(overlays.dev);
    specOf<{ replicas: number }>(broken, 'StatefulSet', 'nats').replicas = 3;

    expect(antiAffinityProblems(broken)).toEqual([
      'StatefulSet/nats: 3 pods that may share a node (no required anti-affinity)',
    ]);
  });
});
