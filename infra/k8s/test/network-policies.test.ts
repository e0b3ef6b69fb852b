import { mongoIsolationProblems } from './rules/network-policies';
import { copyOf, remove, specOf } from './support/edit';
import { loadManifests } from './support/load';

interface Policy {
  ingress: {
    from: { podSelector?: { matchLabels: Record<string, string> } }[];
    ports: { protocol: string; port: number }[];
  }[];
}

const manifests = loadManifests('dev');

describe('rule: each MongoDB admits only its own service', () => {
  test('When the manifests are as committed, then every MongoDB admits only its owner on 27017', () => {
    expect(mongoIsolationProblems(manifests)).toEqual([]);
  });

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
      'NetworkPolicy/auth-mongo (base/network-policies.yaml #1) (for auth-mongo): admits {"podSelector":{"matchLabels":{"app":"tickets"}}}, not only auth\'s pods',
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
