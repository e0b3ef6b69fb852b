import { configFields, userServiceConfigFields } from '@ticketing/common';
import { z } from 'zod';
import { EticketPrivateKey } from './eticket/signing-key';

/** The orders service's environment (names from docs/CONVENTIONS.md), parsed once at boot; no defaults for secrets. */
export const ConfigSchema = z.object({
  ...userServiceConfigFields,
  IDEMPOTENCY_KEY_SWEEP_SECONDS: configFields.IDEMPOTENCY_KEY_SWEEP_SECONDS,
  /** How long an order locks its ticket (DESIGN §7): 15 minutes, configurable so tests and demos can use seconds. */
  EXPIRATION_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  /** How many unpaid (created or awaiting payment) orders one buyer may hold at once (DESIGN §10); the next is 429. */
  ORDERS_MAX_OPEN_PER_BUYER: z.coerce.number().int().min(1).max(100).default(5),
  /** How often the backstop cancels orders past their expiry that no OrderExpired has cancelled (DESIGN §5). */
  ORDERS_EXPIRY_SWEEP_SECONDS: z.coerce.number().int().min(1).max(300).default(2),
  /** Signs the e-tickets of completed orders (DESIGN §12): Ed25519, PEM (PKCS8); its public key is public. */
  ETICKET_PRIVATE_KEY: EticketPrivateKey,
  /** Verifies the waiting room's passes (DESIGN §13), which queue signs with it: never the session key. */
  QUEUE_PASS_KEY: configFields.QUEUE_PASS_KEY,
});
export type Config = z.output<typeof ConfigSchema>;
