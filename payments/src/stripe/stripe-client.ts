import Stripe from 'stripe';

/** How the SDK's calls are bounded: the time one attempt may take, and how many times a failed one is retried. */
export interface StripeCallLimits {
  /** One attempt; default 8 s (config STRIPE_TIMEOUT_MS). */
  timeoutMs: number;
  /** The SDK's own retries of a failed connection or a 409/5xx; safe because every POST carries an idempotency key. */
  networkRetries: number;
}

/** The SDK's backoff before retry n (stripe-node: 0.5 s doubling, at most 5 s; jitter only shortens it). */
const retryDelayMs = (n: number): number => Math.min(500 * 2 ** (n - 1), 5_000);

/** Slack for what happens between the calls of one claim (database writes, a busy event loop). */
const CLAIM_SLACK_MS = 1_000;

/**
 * The longest one Stripe call started by this service can stay in flight: every attempt timing out, plus the SDK's
 * backoff between them. payments' shutdown deadline lets such a call finish.
 */
export function stripeCallMaxMs(limits: StripeCallLimits): number {
  let backoff = 0;
  for (let n = 1; n <= limits.networkRetries; n++) backoff += retryDelayMs(n);
  return limits.timeoutMs * (limits.networkRetries + 1) + backoff;
}

/**
 * A claim's quiet time (DESIGN §16): how long after a charge was claimed (or its claim renewed) a request may still be
 * calling Stripe for it. One claim makes up to three calls one after the other (create the intent, confirm it, read it
 * back after a 3-D Secure challenge), so it covers three whole calls, not one. A charge still `created` after this
 * long is not being paid by any request: the reconciliation takes it over. (Stripe may still run a confirm whose
 * caller gave up: that is why the reconciliation cancels an intent before it records a failure, cancel-intent.ts.)
 */
export function claimQuietMs(limits: StripeCallLimits): number {
  return 3 * stripeCallMaxMs(limits) + CLAIM_SLACK_MS;
}

let client: Stripe | undefined;

/**
 * Makes the process's Stripe client (no I/O: the SDK connects on the first call). With `apiUrl` (the local Stripe
 * fake) the SDK's host, port and protocol point there; without it the SDK talks to api.stripe.com. Like mongoose's
 * connection, the client is one per process, because the listeners that refund are module-level definitions.
 */
export function configureStripe(
  options: { secretKey: string; apiUrl?: string | undefined } & StripeCallLimits,
): Stripe {
  const target = options.apiUrl ? new URL(options.apiUrl) : undefined;
  const protocol = target?.protocol === 'https:' ? 'https' : 'http';
  client = new Stripe(options.secretKey, {
    maxNetworkRetries: options.networkRetries,
    timeout: options.timeoutMs,
    appInfo: { name: 'ticketing-payments' },
    ...(target && {
      host: target.hostname,
      port: Number(target.port || (protocol === 'https' ? 443 : 80)),
      protocol,
    }),
  });
  return client;
}

/** The client made by {@link configureStripe}; throws if the service has not been configured (a bug). */
export function stripe(): Stripe {
  if (!client) throw new Error('Stripe client used before configureStripe()');
  return client;
}
