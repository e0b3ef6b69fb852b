import { mongoReplicaSetProblems, parseMongoUri } from './rules/mongo-replica-sets';
import { CLUSTER_SECRETS } from './support/cluster-secrets';
import { containerOf, copyOf, remove, specOf } from './support/edit';
import { loadOverlays } from './support/load';
import { OVERLAYS } from './support/render';

const overlays = loadOverlays();

function mongoUri(manifests: ReturnType<typeof copyOf>, service: string): { value?: string } {
  return containerOf(manifests, 'Deployment', service).env!.find((v) => v.name === 'MONGO_URI')!;
}

describe('rule: MongoDB replica sets', () => {
  test.each(OVERLAYS)(
    'When the %s overlay is rendered, then every replica set, its service and its init Job agree on its members',
    (overlay) => {
      expect(mongoReplicaSetProblems(overlays[overlay], CLUSTER_SECRETS)).toEqual([]);
    },
  );

  test('When the prod overlay is rendered, then each service names all three members and its set', () => {
    const uri = parseMongoUri(mongoUri(overlays.prod, 'orders').value ?? '');

    expect(uri?.hosts).toEqual([0, 1, 2].map((i) => `orders-mongo-${i}.orders-mongo:27017`));
    expect(uri?.options.get('replicaSet')).toBe('orders-mongo');
  });

  test("When a service's MONGO_URI leaves out a member, then the rule names it", () => {
    const broken = copyOf(overlays.prod);
    const uri = mongoUri(broken, 'tickets');
    uri.value = uri.value!.replace(',tickets-mongo-2.tickets-mongo:27017', '');

    expect(mongoReplicaSetProblems(broken, CLUSTER_SECRETS)).toEqual([
      'Deployment/tickets: MONGO_URI does not name tickets-mongo-2.tickets-mongo:27017',
    ]);
  });

  test('When a MONGO_URI names the wrong set or no set, then the rule reports it', () => {
    const broken = copyOf(overlays.prod);
    const auth = mongoUri(broken, 'auth');
    auth.value = auth.value!.replace('replicaSet=auth-mongo', 'replicaSet=rs0');
    const payments = mongoUri(broken, 'payments');
    payments.value = payments.value!.replace('?replicaSet=payments-mongo', '');

    expect(mongoReplicaSetProblems(broken, CLUSTER_SECRETS)).toEqual([
      'Deployment/auth: MONGO_URI names replicaSet=rs0, not auth-mongo',
      'Deployment/payments: MONGO_URI names replicaSet=null, not payments-mongo',
    ]);
  });

  test('When a replica set grows to five members, then the URI and the init Job are reported short of two', () => {
    const broken = copyOf(overlays.prod);
    specOf<{ replicas: number }>(broken, 'StatefulSet', 'orders-mongo').replicas = 5;

    expect(mongoReplicaSetProblems(broken, CLUSTER_SECRETS)).toEqual([
      'Deployment/orders: MONGO_URI does not name orders-mongo-3.orders-mongo:27017',
      'Deployment/orders: MONGO_URI does not name orders-mongo-4.orders-mongo:27017',
      'Job/orders-mongo-init: MEMBERS does not name orders-mongo-3.orders-mongo:27017',
      'Job/orders-mongo-init: MEMBERS does not name orders-mongo-4.orders-mongo:27017',
    ]);
  });

  test('When three mongod run without --replSet, then the rule reports three unrelated databases', () => {
    const broken = copyOf(overlays.prod);
    containerOf(broken, 'StatefulSet', 'auth-mongo').args = ['--bind_ip_all'];

    expect(mongoReplicaSetProblems(broken, CLUSTER_SECRETS)).toEqual([
      'StatefulSet/auth-mongo: 3 members but no --replSet',
    ]);
  });

  test('When the init Job is missing, or lists the members out of order, then the rule reports it', () => {
    const broken = remove(copyOf(overlays.prod), 'Job', 'tickets-mongo-init');
    const members = containerOf(broken, 'Job', 'payments-mongo-init').env!.find((v) => v.name === 'MEMBERS')!;
    members.value = members.value!.split(',').reverse().join(',');

    expect(mongoReplicaSetProblems(broken, CLUSTER_SECRETS)).toEqual([
      'StatefulSet/tickets-mongo: no Job/tickets-mongo-init initiates the set',
      'Job/payments-mongo-init: MEMBERS does not start with payments-mongo-0.payments-mongo:27017',
    ]);
  });

  test.each([
    ['mongodb://a:27017,b:27017/db?replicaSet=s', ['a:27017', 'b:27017'], 'db'],
    ['mongodb://auth-mongo:27017/auth', ['auth-mongo:27017'], 'auth'],
  ])('When the URI is %s, then it reads as hosts %j and database %s', (uri, hosts, database) => {
    expect(parseMongoUri(uri)).toMatchObject({ hosts, database });
  });
});
