import { defaultDenyProblems, endpoints, flowProblems } from './rules/network-flows';
import { mongoIsolationProblems } from './rules/network-policies';
import { containerOf, copyOf, remove, specOf } from './support/edit';
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
      'NetworkPolicy/auth-mongo (base/network-policies.yaml #11) (for auth-mongo): admits {"podSelector":{"matchLabels":{"app":"tickets"}}}, not only auth\'s pods, its members, its init Job and its image\'s Jobs',
    ]);
  });

  test("When the Job auth's MongoDB admits runs another service's image, then the rule reports it", () => {
    const broken = copyOf(manifests);
    containerOf(broken, 'Job', 'admin').image = 'ticketing/tickets';

    expect(mongoIsolationProblems(broken)).toEqual([
      'NetworkPolicy/auth-mongo (base/network-policies.yaml #11) (for auth-mongo): admits {"podSelector":{"matchLabels":{"app":"admin"}}}, not only auth\'s pods, its members, its init Job and its image\'s Jobs',
    ]);
  });

  test('When a policy opens another port or every source, then the rule reports both', () => {
    const broken = copyOf(manifests);
    const rule = specOf<Policy>(broken, 'NetworkPolicy', 'payments-mongo').ingress[0]!;
    rule.ports[0]!.port = 27018;
    rule.from = [];

    expect(mongoIsolationProblems(broken)).toEqual([
      'NetworkPolicy/payments-mongo (base/network-policies.yaml #14) (for payments-mongo): a rule admits every source',
      'NetworkPolicy/payments-mongo (base/network-policies.yaml #14) (for payments-mongo): admits port TCP/27018, not only TCP/27017',
    ]);
  });
});

const SERVICES = ['auth', 'tickets', 'orders', 'expiration', 'payments', 'queue'] as const;
const WITH_MONGO = ['auth', 'tickets', 'orders', 'payments'] as const;
const ROUTED = ['auth', 'tickets', 'orders', 'payments', 'queue'] as const;

/**
 * The flows DESIGN §2 and §5 call for, and only those: the ingress to the routed services, the client and its error
 * backend (edge-errors), the client's server-side rendering back through the ingress, each service to its own
 * MongoDB, the services to NATS and Redis, payments to the Stripe API, every pod to the cluster DNS; prod adds the
 * NATS routes, the replica sets' members to each other, and each init Job to its set.
 */
function wantedFlows(overlay: (typeof OVERLAYS)[number], pods: readonly string[]): string[] {
  const flows = [
    ...ROUTED.map((s) => `ingress-nginx -> ${s}:3000/TCP`),
    'ingress-nginx -> client:3000/TCP',
    'ingress-nginx -> edge-errors:8080/TCP',
    'client -> ingress-nginx:80/TCP',
    'client -> ingress-nginx:443/TCP',
    ...WITH_MONGO.map((s) => `${s} -> ${s}-mongo:27017/TCP`),
    ...SERVICES.flatMap((s) => [`${s} -> nats:4222/TCP`, `${s} -> redis:6379/TCP`]),
    // The Job that makes the streams before the services start (DESIGN §16).
    'streams -> nats:4222/TCP',
    // The Job that grants the seeded admin its role (DESIGN §12 "Roles"): auth's database and the session deny-list.
    'admin -> auth-mongo:27017/TCP',
    'admin -> redis:6379/TCP',
    'payments -> internet:443/TCP',
    ...pods.flatMap((pod) => [`${pod} -> kube-dns:53/TCP`, `${pod} -> kube-dns:53/UDP`]),
  ];
  if (overlay === 'prod') {
    flows.push(
      'nats -> nats:6222/TCP',
      ...WITH_MONGO.flatMap((s) => [`${s}-mongo -> ${s}-mongo:27017/TCP`, `${s}-mongo-init -> ${s}-mongo:27017/TCP`]),
    );
  }
  return flows.sort();
}

const podsOf = (overlay: (typeof OVERLAYS)[number]): string[] =>
  endpoints(overlays[overlay])
    .filter((e) => !e.external)
    .map((e) => e.name);

interface Rules {
  ingress?: { from?: unknown[]; ports?: unknown[] }[];
  egress?: { to?: unknown[]; ports?: unknown[] }[];
}

describe('rule: the network is closed but for the flows of DESIGN §2 and §5', () => {
  test.each(OVERLAYS)('When the %s overlay is rendered, then a default-deny policy covers every pod', (overlay) => {
    expect(defaultDenyProblems(overlays[overlay])).toEqual([]);
  });

  test.each(OVERLAYS)('When the %s overlay is rendered, then exactly the flows of DESIGN are open', (overlay) => {
    expect(flowProblems(overlays[overlay], wantedFlows(overlay, podsOf(overlay)))).toEqual([]);
  });

  test('When default-deny is removed, then the rule reports it, and a pod no other policy names can be reached', () => {
    const broken = remove(copyOf(manifests), 'NetworkPolicy', 'default-deny');
    // A Deployment added later (a debug pod) that nobody wrote a policy for.
    const debug = structuredClone(
      broken.find((m) => m.body.kind === 'Deployment' && m.body.metadata?.name === 'client')!,
    );
    debug.body.metadata!.name = 'debug';
    (debug.body.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels = {
      app: 'debug',
    };
    broken.push(debug);

    expect(defaultDenyProblems(broken)).toEqual([expect.stringMatching(/^no NetworkPolicy denies all/)]);
    expect(flowProblems(broken, wantedFlows('dev', podsOf('dev')))).toContain(
      'open but not in DESIGN: internet -> debug:3000/TCP',
    );
  });

  test('When tickets may reach anything and orders-mongo admits every pod, then tickets -> orders-mongo is reported', () => {
    const broken = copyOf(manifests);
    specOf<Rules>(broken, 'NetworkPolicy', 'tickets').egress!.push({});
    specOf<Rules>(broken, 'NetworkPolicy', 'orders-mongo').ingress![0]!.from = [{ podSelector: {} }];

    expect(flowProblems(broken, wantedFlows('dev', podsOf('dev')))).toContain(
      'open but not in DESIGN: tickets -> orders-mongo:27017/TCP',
    );
  });

  test("When auth gets payments' egress to the Stripe API, then auth -> internet:443 is reported", () => {
    const broken = copyOf(manifests);
    const stripe = specOf<Rules>(broken, 'NetworkPolicy', 'payments').egress!.at(-1)!;
    specOf<Rules>(broken, 'NetworkPolicy', 'auth').egress!.push(stripe);

    expect(flowProblems(broken, wantedFlows('dev', podsOf('dev')))).toEqual([
      'open but not in DESIGN: auth -> internet:443/TCP',
    ]);
  });

  test("When the Stripe rule loses its private ranges, then payments reaches the cluster's own addresses on 443", () => {
    const broken = copyOf(manifests);
    const stripe = specOf<{ egress: { to: { ipBlock: { except?: string[] } }[] }[] }>(
      broken,
      'NetworkPolicy',
      'payments',
    ).egress.at(-1)!;
    delete stripe.to[0]!.ipBlock.except;

    expect(flowProblems(broken, wantedFlows('dev', podsOf('dev')))).toEqual([
      'open but not in DESIGN: payments -> ingress-nginx:443/TCP',
      'open but not in DESIGN: payments -> kubernetes-api:443/TCP',
    ]);
  });

  test('When the client may reach NATS and NATS admits it, then client -> nats is reported', () => {
    const broken = copyOf(manifests);
    specOf<Rules>(broken, 'NetworkPolicy', 'client').egress!.push({});
    specOf<Rules>(broken, 'NetworkPolicy', 'nats').ingress![0]!.from!.push({
      podSelector: { matchLabels: { app: 'client' } },
    });

    expect(flowProblems(broken, wantedFlows('dev', podsOf('dev')))).toContain(
      'open but not in DESIGN: client -> nats:4222/TCP',
    );
  });

  test('When the DNS policy is removed, then every pod is reported unable to resolve names', () => {
    const broken = remove(copyOf(manifests), 'NetworkPolicy', 'dns');

    expect(flowProblems(broken, wantedFlows('dev', podsOf('dev')))).toEqual(
      podsOf('dev')
        .flatMap((pod) => [
          `in DESIGN but closed: ${pod} -> kube-dns:53/TCP`,
          `in DESIGN but closed: ${pod} -> kube-dns:53/UDP`,
        ])
        .sort(),
    );
  });

  test('When the NATS routes policy is dropped from prod, then the cluster cannot form and it is reported', () => {
    const broken = copyOf(overlays.prod);
    const nats = specOf<Rules & { policyTypes: string[] }>(broken, 'NetworkPolicy', 'nats');
    nats.ingress = nats.ingress!.slice(0, 1);

    expect(flowProblems(broken, wantedFlows('prod', podsOf('prod')))).toEqual([
      'in DESIGN but closed: nats -> nats:6222/TCP',
    ]);
  });
});
