import Stripe from 'stripe';

/**
 * How long one attempt of a Stripe call may take before the SDK gives up on it. Kept short enough that a whole call
 * (both attempts) fits in payments' shutdown deadline, so a SIGTERM never cuts a call whose answer matters.
 */
const TIMEOUT_MS = 8_000;
/** The SDK's own retries of a failed connection or a 409/5xx; safe because every POST carries an idempotency key. */
const NETWORK_RETRIES = 1;

/**
 * The longest a Stripe call started by this service can stay in flight: every attempt timing out, plus the SDK's
 * backoff between them (at most a couple of seconds). A charge still `created` after this long is not being paid by
 * any request (the one that claimed it died or gave up): the reconciliation takes it over.
 */
export const STRIPE_CALL_MAX_MS = TIMEOUT_MS * (NETWORK_RETRIES + 1) + 3_000;

let client: Stripe | undefined;

/**
 * Makes the process's Stripe client (no I/O: the SDK connects on the first call). With `apiUrl` (the local Stripe
 * fake) the SDK's host, port and protocol point there; without it the SDK talks to api.stripe.com. Like mongoose's
 * connection, the client is one per process, because the listeners that refund are module-level definitions.
 */
export function configureStripe(options: { secretKey: string; apiUrl?: string | undefined }): Stripe {
  const target = options.apiUrl ? new URL(options.apiUrl) : undefined;
  const protocol = target?.protocol === 'https:' ? 'https' : 'http';
  client = new Stripe(options.secretKey, {
    maxNetworkRetries: NETWORK_RETRIES,
    timeout: TIMEOUT_MS,
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
