import { selectorProblems } from './rules/selectors';
import { copyOf, specOf } from './support/edit';
import { loadOverlays } from './support/load';
import { OVERLAYS } from './support/render';

const overlays = loadOverlays();
// The broken copies start from dev; each rule's message is the same on either overlay.
const manifests = overlays.dev;

describe('rule: selectors', () => {
  test.each(OVERLAYS)(
    'When the %s overlay is rendered, then every Service, budget and workload selects pods',
    (overlay) => {
      expect(selectorProblems(overlays[overlay])).toEqual([]);
    },
  );

  test('When a Service selector matches nothing, then the rule reports it', () => {
    const broken = copyOf(manifests);
    specOf<{ selector: Record<string, string> }>(broken, 'Service', 'tickets').selector = { app: 'ticket' };

    expect(selectorProblems(broken)).toEqual([
      'Service/tickets (base/tickets.yaml #3): its selector {"app":"ticket"} matches no pod template',
    ]);
  });

  test('When a Service targets a port name its pods do not declare, then the rule reports it', () => {
    const broken = copyOf(manifests);
    specOf<{ ports: { targetPort: string }[] }>(broken, 'Service', 'redis').ports[0]!.targetPort = 'resp';

    expect(selectorProblems(broken)).toEqual([
      'Service/redis (base/redis.yaml #1): port redis targets resp, which StatefulSet/redis does not declare',
    ]);
  });

  test('When a PodDisruptionBudget selects nothing, then the rule reports it', () => {
    const broken = copyOf(manifests);
    specOf<{ selector: { matchLabels: Record<string, string> } }>(
      broken,
      'PodDisruptionBudget',
      'client',
    ).selector.matchLabels = {
      app: 'web',
    };

    expect(selectorProblems(broken)).toEqual([
      'PodDisruptionBudget/client (base/client.yaml #4): its selector matches no pod template',
    ]);
  });

  test("When a StatefulSet's Service is not headless, then the rule reports it", () => {
    const broken = copyOf(manifests);
    delete specOf<{ clusterIP?: string }>(broken, 'Service', 'nats-headless').clusterIP;

    expect(selectorProblems(broken)).toEqual([
      'StatefulSet/nats (base/nats.yaml #4): Service nats-headless is not headless',
    ]);
  });
});
