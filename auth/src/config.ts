import { configFields } from '@ticketing/common';
import { z } from 'zod';

/** The auth service's environment (docs/CONVENTIONS.md). Secrets have no default: a missing JWT_KEY stops the boot. */
export const ConfigSchema = z.object({
  PORT: configFields.PORT,
  MONGO_URI: configFields.MONGO_URI,
  NATS_URL: configFields.NATS_URL,
  NATS_USER: configFields.NATS_USER,
  NATS_PASSWORD: configFields.NATS_PASSWORD,
  NATS_STREAM_REPLICAS: configFields.NATS_STREAM_REPLICAS,
  NATS_STREAM_MAX_AGE_SECONDS: configFields.NATS_STREAM_MAX_AGE_SECONDS,
  NATS_STREAM_MAX_BYTES: configFields.NATS_STREAM_MAX_BYTES,
  REDIS_URL: configFields.REDIS_URL,
  JWT_KEY: configFields.JWT_KEY,
  LOG_LEVEL: configFields.LOG_LEVEL,
  /** false only for local plain-HTTP runs: browsers drop Secure cookies sent over http (DESIGN §8). */
  COOKIE_SECURE: configFields.flag(true),
  /** Failed sign-ins allowed per email and per client address within the window, before 429. */
  SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  /** The throttling window, counted from the first failure (short in tests, 15 minutes by default). */
  SIGNIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
});

export type Config = z.output<typeof ConfigSchema>;
