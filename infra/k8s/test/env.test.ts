import {
  committedSecretProblems,
  envReferenceProblems,
  envValueProblems,
  missingEnvProblems,
  requirementOf,
  unknownEnvProblems,
  type ConfigSchemaLike,
  type EnvRequirement,
} from './rules/env';
import { CLUSTER_SECRET_KEYS, CLUSTER_SECRETS } from './support/cluster-secrets';
import { bodyOf, containerOf, copyOf } from './support/edit';
import { loadOverlays } from './support/load';
import { OVERLAYS } from './support/render';
import { loadConfigSchemas, SERVICES } from './support/service-configs';

// Variables a Deployment may set although no config schema reads them; each is read by Node itself or by a library.
const EXTRA_ENV = {
  NODE_ENV: 'the image sets it to production; express and its dependencies read it',
  NODE_OPTIONS: 'Node flags such as --max-old-space-size, read by node itself',
  NODE_EXTRA_CA_CERTS: 'a CA that node trusts besides its own (the client: ticketing-ca, for the https API calls)',
  OTEL_EXPORTER_OTLP_ENDPOINT:
    "where the OpenTelemetry SDK in common's boot sends traces (DESIGN §14; components/observability sets it)",
};

// The client reads its few variables without a schema (client/src/lib/server-config.ts, and Next's own PORT and
// HOSTNAME), so its requirement is written here.
// In the cluster there are no test cards, so the Payment Element's key is required (the client refuses to start
// without it).
const CLIENT: EnvRequirement = {
  required: ['PORT', 'API_URL', 'API_HOST_HEADER', 'STRIPE_PUBLISHABLE_KEY'],
  known: [
    'PORT',
    'HOSTNAME',
    'NEXT_TELEMETRY_DISABLED',
    'API_URL',
    'API_HOST_HEADER',
    'STRIPE_TEST_CARDS',
    'STRIPE_PUBLISHABLE_KEY',
  ],
};

const overlays = loadOverlays();
// The broken copies start from dev; each rule's message is the same on either overlay.
const manifests = overlays.dev;
let schemas: Record<string, ConfigSchemaLike>;
let requirements: Record<string, EnvRequirement>;

beforeAll(() => {
  // Each service's own zod schema, from its build (built here when missing): the code says what a service requires.
  schemas = loadConfigSchemas();
  requirements = {
    ...Object.fromEntries(Object.entries(schemas).map(([service, schema]) => [service, requirementOf(schema)])),
    // Production talks to api.stripe.com: STRIPE_API_URL points the SDK at the local fake and must stay unset here.
    payments: { ...requirementOf(schemas.payments as ConfigSchemaLike), forbidden: ['STRIPE_API_URL'] },
    client: CLIENT,
  };
}, 300_000);

describe('rule: environment', () => {
  test('When the config schemas are read, then each service requires at least its port and the bus', () => {
    for (const service of SERVICES) {
      expect(requirements[service]?.required).toEqual(expect.arrayContaining(['PORT', 'NATS_URL']));
    }
    // A variable with a default (LOG_LEVEL) is known but not required.
    expect(requirements.auth?.required).not.toContain('LOG_LEVEL');
    expect(requirements.auth?.known).toContain('LOG_LEVEL');
  });

  test.each(OVERLAYS)(
    'When the %s overlay is rendered, then every service gets every variable its schema requires',
    (overlay) => {
      expect(missingEnvProblems(overlays[overlay], requirements)).toEqual([]);
    },
  );

  test.each(OVERLAYS)(
    'When the %s overlay is rendered, then no Deployment sets a variable its service does not read',
    (overlay) => {
      expect(unknownEnvProblems(overlays[overlay], requirements, EXTRA_ENV)).toEqual([]);
    },
  );

  test.each(OVERLAYS)(
    "When the %s overlay is rendered, then each service's environment passes its config schema",
    (overlay) => {
      expect(envValueProblems(overlays[overlay], schemas, CLUSTER_SECRETS)).toEqual([]);
    },
  );

  test.each(OVERLAYS)(
    'When the %s overlay is rendered, then every ConfigMap and Secret reference resolves',
    (overlay) => {
      expect(envReferenceProblems(overlays[overlay], CLUSTER_SECRET_KEYS)).toEqual([]);
    },
  );

  test.each(OVERLAYS)('When the %s overlay is rendered, then no Secret is committed', (overlay) => {
    expect(committedSecretProblems(overlays[overlay])).toEqual([]);
  });

  test('When a Deployment drops a required variable, then the rule names the service and the variable', () => {
    const broken = copyOf(manifests);
    const server = containerOf(broken, 'Deployment', 'orders');
    server.env = server.env!.filter((v) => v.name !== 'JWT_KEY');

    expect(missingEnvProblems(broken, requirements)).toEqual(['Deployment/orders: JWT_KEY is not set']);
  });

  test('When a Deployment sets a misspelt variable, then the rule reports the name its service does not read', () => {
    const broken = copyOf(manifests);
    const nats = containerOf(broken, 'Deployment', 'tickets').env!.find((v) => v.name === 'NATS_URL')!;
    nats.name = 'NAT_URL';

    expect(unknownEnvProblems(broken, requirements, EXTRA_ENV)).toEqual([
      'Deployment/tickets: sets NAT_URL, which tickets does not read',
    ]);
    expect(missingEnvProblems(broken, requirements)).toEqual(['Deployment/tickets: NATS_URL is not set']);
  });

  test('When a Deployment sets NODE_ENV, then it is accepted as a documented extra', () => {
    const edited = copyOf(manifests);
    containerOf(edited, 'Deployment', 'auth').env!.push({ name: 'NODE_ENV', value: 'production' });

    expect(unknownEnvProblems(edited, requirements, EXTRA_ENV)).toEqual([]);
  });

  test('When the ConfigMap holds a NATS_URL that is not nats://, then every service that reads it reports it', () => {
    const broken = copyOf(manifests);
    (bodyOf(broken, 'ConfigMap', 'ticketing-config').data as Record<string, string>).NATS_URL = 'http://nats:4222';

    expect(envValueProblems(broken, schemas, CLUSTER_SECRETS)).toEqual(
      SERVICES.map((service) => `Deployment/${service}: NATS_URL: must be a nats:// URL ("http://nats:4222")`),
    );
  });

  test('When a literal value is wrong (a port that is not a number, a window of 0), then its service reports it', () => {
    const broken = copyOf(manifests);
    containerOf(broken, 'Deployment', 'auth').env!.find((v) => v.name === 'PORT')!.value = 'http';
    (bodyOf(broken, 'ConfigMap', 'ticketing-config').data as Record<string, string>).EXPIRATION_WINDOW_SECONDS = '0';

    expect(envValueProblems(broken, schemas, CLUSTER_SECRETS)).toEqual([
      expect.stringMatching(/^Deployment\/auth: PORT: .* \("http"\)$/),
      expect.stringMatching(/^Deployment\/orders: EXPIRATION_WINDOW_SECONDS: .* \("0"\)$/),
    ]);
  });

  test('When payments is pointed at a Stripe fake, then the rule reports the forbidden variable', () => {
    const broken = copyOf(manifests);
    containerOf(broken, 'Deployment', 'payments').env!.push({
      name: 'STRIPE_API_URL',
      value: 'http://stripe-fake:12111',
    });

    expect(missingEnvProblems(broken, requirements)).toEqual(['Deployment/payments: STRIPE_API_URL must not be set']);
  });

  test('When a reference names a missing ConfigMap key or an unknown Secret, then the rule reports both', () => {
    const broken = copyOf(manifests);
    const env = containerOf(broken, 'Deployment', 'tickets').env!;
    env.find((v) => v.name === 'NATS_URL')!.valueFrom!.configMapKeyRef!.key = 'NATS_URI';
    env.find((v) => v.name === 'JWT_KEY')!.valueFrom!.secretKeyRef!.name = 'jwt';

    expect(envReferenceProblems(broken, CLUSTER_SECRET_KEYS)).toEqual([
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
