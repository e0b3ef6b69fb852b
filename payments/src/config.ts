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
  /** How often charges whose Stripe outcome is unknown are settled from Stripe (DESIGN §5). */
  PAYMENTS_RECONCILE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(10),
});

export type Config = z.output<typeof ConfigSchema>;
