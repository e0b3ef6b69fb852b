import { committedSecretProblems, envReferenceProblems, missingEnvProblems, type EnvRequirement } from './rules/env';
import { containerOf, copyOf } from './support/edit';
import { loadManifests } from './support/load';

// What each part requires (docs/CONVENTIONS.md). A stopgap: this table is to be replaced by the services' own zod
// config schemas, so that a variable added to a service fails here until its Deployment sets it.
const REQUIRED_ENV: Record<string, EnvRequirement> = {
  auth: { required: ['PORT', 'MONGO_URI', 'NATS_URL', 'REDIS_URL', 'JWT_KEY', 'COOKIE_SECURE', 'LOG_LEVEL'] },
  tickets: { required: ['PORT', 'MONGO_URI', 'NATS_URL', 'JWT_KEY', 'LOG_LEVEL'] },
  orders: { required: ['PORT', 'MONGO_URI', 'NATS_URL', 'JWT_KEY', 'EXPIRATION_WINDOW_SECONDS', 'LOG_LEVEL'] },
  expiration: { required: ['PORT', 'NATS_URL', 'REDIS_URL', 'LOG_LEVEL'] },
  // Production talks to api.stripe.com: STRIPE_API_URL points the SDK at the local fake and must stay unset here.
  payments: {
    required: ['PORT', 'MONGO_URI', 'NATS_URL', 'JWT_KEY', 'STRIPE_SECRET_KEY', 'LOG_LEVEL'],
    forbidden: ['STRIPE_API_URL'],
  },
  client: { required: ['PORT', 'API_URL', 'API_HOST_HEADER'] },
};

// The Secrets infra/k8s/README.md tells the operator to create, and their keys.
const EXTERNAL_SECRETS = { 'jwt-secret': ['JWT_KEY'], 'stripe-secret': ['STRIPE_SECRET_KEY'] };

const manifests = loadManifests();

describe('rule: environment', () => {
  test('When the manifests are as committed, then every service gets every variable it requires', () => {
    expect(missingEnvProblems(manifests, REQUIRED_ENV)).toEqual([]);
  });

  test('When the manifests are as committed, then every ConfigMap and Secret reference resolves', () => {
    expect(envReferenceProblems(manifests, EXTERNAL_SECRETS)).toEqual([]);
  });

  test('When the manifests are as committed, then no Secret is committed', () => {
    expect(committedSecretProblems(manifests)).toEqual([]);
  });

  test('When a Deployment drops a required variable, then the rule names the service and the variable', () => {
    const broken = copyOf(manifests);
    const server = containerOf(broken, 'Deployment', 'orders');
    server.env = server.env!.filter((v) => v.name !== 'JWT_KEY');

    expect(missingEnvProblems(broken, REQUIRED_ENV)).toEqual(['Deployment/orders: JWT_KEY is not set']);
  });

  test('When payments is pointed at a Stripe fake, then the rule reports the forbidden variable', () => {
    const broken = copyOf(manifests);
    containerOf(broken, 'Deployment', 'payments').env!.push({
      name: 'STRIPE_API_URL',
      value: 'http://stripe-fake:12111',
    });

    expect(missingEnvProblems(broken, REQUIRED_ENV)).toEqual(['Deployment/payments: STRIPE_API_URL must not be set']);
  });

  test('When a reference names a missing ConfigMap key or an unknown Secret, then the rule reports both', () => {
    const broken = copyOf(manifests);
    const env = containerOf(broken, 'Deployment', 'tickets').env!;
    env.find((v) => v.name === 'NATS_URL')!.valueFrom!.configMapKeyRef!.key = 'NATS_URI';
    env.find((v) => v.name === 'JWT_KEY')!.valueFrom!.secretKeyRef!.name = 'jwt';

    expect(envReferenceProblems(broken, EXTERNAL_SECRETS)).toEqual([
      'Deployment/tickets container server: NATS_URL reads ticketing-config.NATS_URI, which is not a key of it',
      'Deployment/tickets container server: JWT_KEY reads Secret jwt, which the README does not tell anyone to create',
    ]);
  });

  test('When a Secret is added to the manifests, then the rule reports it', () => {
    const broken = copyOf(manifests);
    broken.push({
      file: 'secrets.yaml',
      index: 0,
      body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'jwt-secret' } },
    });

    expect(committedSecretProblems(broken)).toEqual([
      'Secret/jwt-secret (secrets.yaml #1): Secrets must not be committed',
    ]);
  });
});
