/**
 * The Secrets infra/k8s/README.md tells the operator to create (they are never committed), their keys, and a sample
 * value of the kind the README asks for (`openssl rand -base64 48`: 64 characters; a Stripe test key), which stands in
 * for the cluster's value wherever a check needs one.
 */
export const CLUSTER_SECRETS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'jwt-secret': { JWT_KEY: 'k'.repeat(64) },
  'stripe-secret': { STRIPE_SECRET_KEY: `sk_test_${'s'.repeat(24)}` },
};

/** Each Secret's keys, for the reference rule. */
export const CLUSTER_SECRET_KEYS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(CLUSTER_SECRETS).map(([name, keys]) => [name, Object.keys(keys)]),
);
