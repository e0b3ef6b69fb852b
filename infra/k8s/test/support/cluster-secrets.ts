import { generateKeyPairSync } from 'node:crypto';

/**
 * The Secrets infra/k8s/README.md tells the operator to create (they are never committed), their keys, and a sample
 * value of the kind the README asks for (`openssl rand -base64 48`: 64 characters; a Stripe test key; `openssl rand
 * -hex 32` for Redis, inside its URL; `openssl rand -hex 24` for each NATS user), which stands in for the cluster's
 * value wherever a check needs one. All serve both overlays but nats-route (the prod cluster's routes).
 * readme-secrets.test.ts holds the README to this list.
 */
const REDIS_PASSWORD = 'f'.repeat(64);
/** An Ed25519 private key, PEM (PKCS8), as `openssl genpkey -algorithm ed25519` makes: orders parses it at boot. */
const ETICKET_PRIVATE_KEY = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
/** The NATS users of Kubernetes (infra/local's BUS_USERS without the test kit) and the routes of the prod cluster. */
const NATS_USERS = ['auth', 'tickets', 'orders', 'expiration', 'payments', 'queue', 'operator', 'route'] as const;

export const CLUSTER_SECRETS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'jwt-secret': { JWT_KEY: 'k'.repeat(64) },
  // The key orders signs e-tickets with (DESIGN §12).
  'eticket-secret': { ETICKET_PRIVATE_KEY },
  // The key queue signs the waiting room's passes with, and orders verifies them with (DESIGN §13).
  'queue-pass-secret': { QUEUE_PASS_KEY: 'q'.repeat(64) },
  // The seeded admin's password (`openssl rand -base64 24`), used by the admin Job when it creates the account.
  'admin-secret': { ADMIN_PASSWORD: 'a'.repeat(32) },
  'stripe-secret': {
    STRIPE_SECRET_KEY: `sk_test_${'s'.repeat(24)}`,
    STRIPE_PUBLISHABLE_KEY: `pk_test_${'p'.repeat(24)}`,
  },
  'redis-secret': { REDIS_PASSWORD, REDIS_URL: `redis://:${REDIS_PASSWORD}@redis:6379` },
  // One Secret per NATS user (`openssl rand -hex 24`): a service's pods read only their own.
  ...Object.fromEntries(NATS_USERS.map((user) => [`nats-${user}`, { NATS_PASSWORD: 'n'.repeat(48) }])),
  // `kubectl create secret tls`: the certificate and key of ticketing.dev, read by ingress-nginx.
  'ticketing-tls': { 'tls.crt': '-----BEGIN CERTIFICATE-----', 'tls.key': '-----BEGIN PRIVATE KEY-----' },
  // The CA the client's pods trust for their https calls to the ingress (optional: not needed for a public CA's).
  'ticketing-ca': { 'ca.crt': '-----BEGIN CERTIFICATE-----' },
};

/** Each Secret's keys, for the reference rule. */
export const CLUSTER_SECRET_KEYS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(CLUSTER_SECRETS).map(([name, keys]) => [name, Object.keys(keys)]),
);
