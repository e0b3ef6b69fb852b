import { availabilityProblems } from './rules/availability';
import { replicaCountProblems } from './rules/replicas';
import { resolvedEnv } from './rules/env';
import { CLUSTER_SECRETS } from './support/cluster-secrets';
import { copyOf, specOf } from './support/edit';
import { loadOverlays } from './support/load';
import { SERVICES } from './support/service-configs';

const overlays = loadOverlays();
const STORES = ['auth-mongo', 'tickets-mongo', 'orders-mongo', 'payments-mongo', 'nats'];
// DESIGN §11: three members per replica set and three NATS servers in prod; dev runs one of each, as before.
const PROD = Object.fromEntries(STORES.map((name) => [`StatefulSet/${name}`, 3]));
const DEV = Object.fromEntries([...STORES, 'redis'].map((name) => [`StatefulSet/${name}`, 1]));

describe('rule: replica counts', () => {
  test('When the prod overlay is rendered, then each MongoDB runs three members and NATS three servers', () => {
    expect(replicaCountProblems(overlays.prod, PROD)).toEqual([]);
  });

  test('When the dev overlay is rendered, then each store runs one pod, as a laptop cluster can hold', () => {
    expect(replicaCountProblems(overlays.dev, DEV)).toEqual([]);
  });

  test.each([
    ['prod', '3'],
    ['dev', '1'],
  ] as const)(
    'When the %s overlay is rendered, then the streams Job makes the streams with %s copies, and no service sets any',
    (overlay, copies) => {
      const asked = resolvedEnv(overlays[overlay], 'streams', CLUSTER_SECRETS, 'Job')?.NATS_STREAM_REPLICAS;
      const services = SERVICES.map((service) => resolvedEnv(overlays[overlay], service, CLUSTER_SECRETS));

      expect(asked).toBe(copies);
      expect(services.map((env) => env?.NATS_STREAM_REPLICAS)).toEqual(SERVICES.map(() => undefined));
    },
  );

  test('When prod runs two NATS servers, then the rule reports it', () => {
    const broken = copyOf(overlays.prod);
    specOf<{ replicas: number }>(broken, 'StatefulSet', 'nats').replicas = 2;

    expect(replicaCountProblems(broken, PROD)).toEqual(['StatefulSet/nats: 2 replica(s), not 3']);
  });

  test("When a prod Deployment's autoscaler may go down to one pod, then the availability rule counts that", () => {
    const broken = copyOf(overlays.prod);
    specOf<{ minReplicas: number }>(broken, 'HorizontalPodAutoscaler', 'orders').minReplicas = 1;

    expect(availabilityProblems(broken, { minReplicas: 2, shutdownSeconds: 10 })).toEqual([
      'Deployment/orders: 1 replica(s), fewer than 2',
    ]);
  });
});
