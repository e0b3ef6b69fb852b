import { configFields, userServiceConfigFields } from '@ticketing/common';
import { z } from 'zod';

/** The auth service's environment (docs/CONVENTIONS.md). Secrets have no default: a missing JWT_KEY stops the boot. */
export const ConfigSchema = z.object({
  ...userServiceConfigFields,
  /** false only for local plain-HTTP runs: browsers drop Secure cookies sent over http (DESIGN §8). */
  COOKIE_SECURE: configFields.flag(true),
  /** Wrong passwords for one email from one address before each further one locks that pair out (growing). */
  SIGNIN_FREE_FAILURES: z.coerce.number().int().min(1).default(5),
  /** Failed sign-ins from one address, whatever the email, within the window, before 429. */
  SIGNIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
  /** Failures for one email from all addresses within the window before each attempt on it is slowed (not refused). */
  SIGNIN_EMAIL_SLOWDOWN_AFTER: z.coerce.number().int().min(1).default(20),
  /** The longest lockout of one (email, address) pair (the growth 1 s, 2 s, 4 s… stops here). */
  SIGNIN_MAX_LOCKOUT_SECONDS: z.coerce.number().int().min(1).default(900),
  /** How long failures are remembered, counted from the first (short in tests, 15 minutes by default). */
  SIGNIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  /** Sign-ups from one address within SIGNUP_WINDOW_SECONDS, before 429 (each costs a scrypt). */
  SIGNUP_MAX_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  SIGNUP_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3600),
  /** Password hashes (sign-in, sign-up) that may wait for one of the two scrypt slots; past it 503 with Retry-After. */
  PASSWORD_HASH_MAX_WAITING: z.coerce.number().int().min(0).max(10_000).default(20),
  /** log2 of scrypt's N for new password hashes: 17 (OWASP), never below 14 (the earlier default). */
  PASSWORD_HASH_COST: z.coerce.number().int().min(14).max(20).default(17),
});

export type Config = z.output<typeof ConfigSchema>;
