import { configFields } from '@ticketing/common';
import { z } from 'zod';

/** The environment of the expiration service (docs/CONVENTIONS.md). It has no database: its jobs live in Redis. */
export const ConfigSchema = z.object({
  PORT: configFields.PORT,
  HOST: configFields.HOST,
  TRUSTED_PROXY_HOPS: configFields.TRUSTED_PROXY_HOPS,
  NATS_URL: configFields.NATS_URL,
  NATS_USER: configFields.NATS_USER,
  NATS_PASSWORD: configFields.NATS_PASSWORD,
  NATS_STREAM_REPLICAS: configFields.NATS_STREAM_REPLICAS,
  NATS_STREAM_MAX_AGE_SECONDS: configFields.NATS_STREAM_MAX_AGE_SECONDS,
  NATS_STREAM_MAX_BYTES: configFields.NATS_STREAM_MAX_BYTES,
  REDIS_URL: configFields.REDIS_URL,
  LOG_LEVEL: configFields.LOG_LEVEL,
});
export type Config = z.output<typeof ConfigSchema>;
