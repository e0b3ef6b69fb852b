import { configFields } from '@ticketing/common';
import { z } from 'zod';

/** The tickets service's environment (docs/CONVENTIONS.md); JWT_KEY has no default, so a missing one stops the boot. */
export const ConfigSchema = z.object({
  PORT: configFields.PORT,
  HOST: configFields.HOST,
  TRUSTED_PROXY_HOPS: configFields.TRUSTED_PROXY_HOPS,
  MONGO_URI: configFields.MONGO_URI,
  NATS_URL: configFields.NATS_URL,
  NATS_USER: configFields.NATS_USER,
  NATS_PASSWORD: configFields.NATS_PASSWORD,
  NATS_STREAM_REPLICAS: configFields.NATS_STREAM_REPLICAS,
  NATS_STREAM_MAX_AGE_SECONDS: configFields.NATS_STREAM_MAX_AGE_SECONDS,
  NATS_STREAM_MAX_BYTES: configFields.NATS_STREAM_MAX_BYTES,
  /** The session deny-list (DESIGN §8). */
  REDIS_URL: configFields.REDIS_URL,
  JWT_KEY: configFields.JWT_KEY,
  LOG_LEVEL: configFields.LOG_LEVEL,
});
export type Config = z.output<typeof ConfigSchema>;
