import 'server-only';

export type ServerConfig = {
  /** Where server-side rendering reaches the API: the local gateway, or the ingress controller in Kubernetes. */
  apiUrl: URL;
  /** Host header to send (Kubernetes: `ticketing.dev`, which the Ingress routes on); null keeps the URL's host. */
  apiHostHeader: string | null;
  /** Offer Stripe's test payment methods on the Pay form. */
  stripeTestCards: boolean;
};

const TRUE_FLAGS = new Set(['true', '1', 'yes', 'on']);

/**
 * Read at request time, not at build time, so one image serves every environment
 * (a NEXT_PUBLIC_ variable would be frozen into the bundle by `next build`).
 */
export function serverConfig(): ServerConfig {
  const raw = process.env.API_URL?.trim() || 'http://localhost:8080';
  let apiUrl: URL;
  try {
    apiUrl = new URL(raw);
  } catch {
    throw new Error(`API_URL is not a URL: ${JSON.stringify(raw)}`);
  }
  return {
    apiUrl,
    apiHostHeader: process.env.API_HOST_HEADER?.trim() || null,
    stripeTestCards: TRUE_FLAGS.has((process.env.STRIPE_TEST_CARDS ?? '').trim().toLowerCase()),
  };
}
