import { mongoIsolationProblems } from './rules/network-policies';
import { copyOf, remove, specOf } from './support/edit';
import { loadOverlays } from './support/load';
import { OVERLAYS } from './support/render';

interface Policy {
  ingress: {
    from: { podSelector?: { matchLabels: Record<string, string> } }[];
    ports: { protocol: string; port: number }[];
  }[];
}

const overlays = loadOverlays();
// The broken copies start from dev; each rule's message is the same on either overlay.
const manifests = overlays.dev;

describe('rule: each MongoDB admits only its own service', () => {
  test.each(OVERLAYS)(
    'When the %s overlay is rendered, then every MongoDB admits only its owner on 27017',
    (overlay) => {
      expect(mongoIsolationProblems(overlays[overlay])).toEqual([]);
    },
  );

  test('When a MongoDB has no NetworkPolicy, then the rule reports it', () => {
    const broken = remove(copyOf(manifests), 'NetworkPolicy', 'orders-mongo');

    expect(mongoIsolationProblems(broken)).toEqual([
      'StatefulSet/orders-mongo: no NetworkPolicy selects its pods, so every pod may connect',
    ]);
  });

  test("When a policy also admits another service's pods, then the rule reports it", () => {
    const broken = copyOf(manifests);
    specOf<Policy>(broken, 'NetworkPolicy', 'auth-mongo').ingress[0]!.from.push({
      podSelector: { matchLabels: { app: 'tickets' } },
    });

    expect(mongoIsolationProblems(broken)).toEqual([
      'NetworkPolicy/auth-mongo (base/network-policies.yaml #1) (for auth-mongo): admits {"podSelector":{"matchLabels":{"app":"tickets"}}}, not only auth\'s pods, its members and its init Job',
    ]);
  });

  test('When a policy opens another port or every source, then the rule reports both', () => {
    const broken = copyOf(manifests);
    const rule = specOf<Policy>(broken, 'NetworkPolicy', 'payments-mongo').ingress[0]!;
    rule.ports[0]!.port = 27018;
    rule.from = [];

    expect(mongoIsolationProblems(broken)).toEqual([
      'NetworkPolicy/payments-mongo (base/network-policies.yaml #4) (for payments-mongo): a rule admits every source',
      'NetworkPolicy/payments-mongo (base/network-policies.yaml #4) (for payments-mongo): admits port TCP/27018, not only TCP/27017',
    ]);
  });
});
