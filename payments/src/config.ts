import { userServiceConfigFields } from '@ticketing/common';
import { z } from 'zod';

/** The payments service's environment (docs/CONVENTIONS.md). Secrets have no default: a missing key stops the boot. */
export const ConfigSchema = z.object({
  ...userServiceConfigFields,
  /** A Stripe secret key (`sk_test_...` locally and in tests); a publishable `pk_` key here is a deployment mistake. */
  STRIPE_SECRET_KEY: z.string().startsWith('sk_', 'must be a Stripe secret key (sk_...)'),
  /**
   * Where the SDK sends its requests: the local Stripe fake's base URL. Unset in production, where the SDK's own
   * default (https://api.stripe.com) applies.
   */
  STRIPE_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
  /**
   * How long one attempt of a Stripe call may take before the SDK gives up on it. With the retries it bounds a whole
   * call, which must fit in the shutdown deadline, and three calls make a claim's quiet time (stripe-client.ts).
   */
  STRIPE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8_000),
  /** The SDK's retries of a call that failed to connect or got a 409/5xx (every POST carries an idempotency key). */
  STRIPE_NETWORK_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  /** How often charges whose Stripe outcome is unknown are settled from Stripe (DESIGN §5, §16). */
  PAYMENTS_RECONCILE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(10),
  /**
   * How many watched charges the reconciliation reads at a time, oldest looked-at first (DESIGN §16); a pass reads
   * batch after batch until nothing due is left or its interval has gone by.
   */
  PAYMENTS_RECONCILE_BATCH: z.coerce.number().int().min(1).max(1_000).default(100),
  /**
   * How long after its event starts a sale is paid out to its seller (DESIGN §12: once the event has taken place, so
   * that a cancelled event's buyers can still be refunded); for a ticket without an event, after the sale.
   */
  PAYOUT_DELAY_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(90 * 86_400)
    .default(86_400),
  /** The platform's fee in basis points of each sale: floor(cents × bps / 10,000) is kept (DESIGN §12). */
  PLATFORM_FEE_BPS: z.coerce.number().int().min(0).max(10_000).default(1_000),
  /** How often due payouts are transferred, and held sellers' accounts read from Stripe (the webhooks' backstop). */
  PAYOUTS_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  /** The signing secret of the platform's webhook endpoint (`POST /api/payments/stripe/webhook`). */
  STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_', 'must be a Stripe webhook signing secret (whsec_...)'),
  /** The signing secret of the Connect webhook endpoint (`POST /api/payments/stripe/connect-webhook`). */
  STRIPE_CONNECT_WEBHOOK_SECRET: z.string().startsWith('whsec_', 'must be a Stripe webhook signing secret (whsec_...)'),
  /**
   * The client's public origin (`http://localhost:8080` locally, `https://ticketing.dev` in Kubernetes): a seller's
   * onboarding at Stripe returns to its `/payouts` page, or to `/payouts/refresh` for a fresh link. From config, not
   * from the request's Host header, which a client can set.
   */
  CLIENT_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).default('http://localhost:8080'),
});

export type Config = z.output<typeof ConfigSchema>;
