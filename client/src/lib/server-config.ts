import 'server-only';

type Env = Readonly<Record<string, string | undefined>>;

export type ServerConfig = {
  /** Where server-side rendering reaches the API: the local gateway, or the ingress controller in Kubernetes. */
  apiUrl: URL;
  /** Host header to send (Kubernetes: `ticketing.dev`, which the Ingress routes on); null keeps the URL's host. */
  apiHostHeader: string | null;
};

/** How the Pay page takes a card (DESIGN §7). */
export type PaymentConfig =
  /** Stripe's test payment methods in a select (STRIPE_TEST_CARDS=true: the local Stripe fake). */
  | { kind: 'test-cards' }
  /**
   * Stripe's Payment Element, with the publishable key (`pk_live_…`, `pk_test_…`) handed to the browser: public by
   * design, never the secret key.
   */
  | { kind: 'payment-element'; publishableKey: string };

const TRUE_FLAGS = new Set(['true', '1', 'yes', 'on']);
const PUBLISHABLE_KEY = /^pk_(test|live)_[A-Za-z0-9]+$/;
const SECRET_KEY = /^(sk|rk)_/;

/** A configuration the client must not run with; the message names the variable and what is wrong. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Read at request time, not at build time, so one image serves every environment (a NEXT_PUBLIC_ variable would be
 * frozen into the bundle by `next build`). Throws {@link ConfigError}.
 */
export function serverConfig(env: Env = process.env): ServerConfig {
  const raw = env.API_URL?.trim() || 'http://localhost:8080';
  let apiUrl: URL;
  try {
    apiUrl = new URL(raw);
  } catch {
    throw new ConfigError(`API_URL is not a URL: ${JSON.stringify(raw)}`);
  }
  return { apiUrl, apiHostHeader: env.API_HOST_HEADER?.trim() || null };
}

/**
 * The Pay page's card entry, read at request time like {@link serverConfig} and checked once at start by
 * instrumentation.ts, so that a missing or wrong key stops the server instead of breaking the Pay page. Separate from
 * serverConfig so that `next build`, which renders pages without the deployment's variables, never needs a key.
 * Throws {@link ConfigError}.
 */
export function paymentConfig(env: Env = process.env): PaymentConfig {
  const testCards = TRUE_FLAGS.has((env.STRIPE_TEST_CARDS ?? '').trim().toLowerCase());
  const key = env.STRIPE_PUBLISHABLE_KEY?.trim() || null;
  // Everything this returns reaches the browser: a secret key here would be sent to every visitor, test cards or not.
  if (key !== null && SECRET_KEY.test(key)) {
    throw new ConfigError('STRIPE_PUBLISHABLE_KEY is a secret key (sk_/rk_): the client takes the publishable pk_ key');
  }
  if (testCards) return { kind: 'test-cards' };
  if (key === null) {
    throw new ConfigError(
      'STRIPE_PUBLISHABLE_KEY is required: without it (and without STRIPE_TEST_CARDS=true) nobody can pay',
    );
  }
  if (!PUBLISHABLE_KEY.test(key)) {
    throw new ConfigError('STRIPE_PUBLISHABLE_KEY must be a Stripe publishable key (pk_test_… or pk_live_…)');
  }
  return { kind: 'payment-element', publishableKey: key };
}
