import { z } from 'zod';

/**
 * What deployment gives the streams (DESIGN §16): the delivery stream's copies and byte limit, and how long and how
 * much the archive keeps. Services never set these; the streams CLI (streams-cli.ts) reads them from its environment.
 */
export interface StreamSettings {
  /** Copies of each stream on a NATS cluster (`num_replicas`): 1 on one server, 3 on the prod cluster. */
  replicas: number;
  /**
   * TICKETING's byte limit. Past it the stream refuses publishes (discard new): the outbox relays keep the events
   * and retry, and nothing a consumer still needs is ever dropped. There is no age limit.
   */
  maxBytes: number;
  /** How long the archive keeps history (limits retention): 30 days by default. */
  archiveMaxAgeSeconds: number;
  /** The archive's byte limit, past which its oldest history goes first (it never refuses: it is not the delivery). */
  archiveMaxBytes: number;
  /** Window in which JetStream drops a message whose Nats-Msg-Id it has already stored. */
  duplicateWindowMs: number;
}

/**
 * 512 MiB for the undelivered events and 1 GiB of history: together 3/4 of the 2 Gi NATS volume of infra/k8s, which
 * leaves room for the dead letters, the consumers' state and the RAFT logs of a cluster.
 */
export const DEFAULT_STREAM_SETTINGS: StreamSettings = {
  replicas: 1,
  maxBytes: 512 * 1024 ** 2,
  archiveMaxAgeSeconds: 30 * 24 * 3600,
  archiveMaxBytes: 1024 ** 3,
  duplicateWindowMs: 10 * 60_000,
};

const positive = (what: string) => z.coerce.number().int().positive(`must be a positive number of ${what}`);

/** The streams CLI's environment (docs/CONVENTIONS.md): each variable optional, defaulting to {@link DEFAULT_STREAM_SETTINGS}. */
export const StreamSettingsEnv = z.object({
  NATS_STREAM_REPLICAS: z.coerce
    .number()
    .int()
    .min(1, 'must be 1 to 5')
    .max(5, 'must be 1 to 5')
    .default(DEFAULT_STREAM_SETTINGS.replicas),
  NATS_STREAM_MAX_BYTES: positive('bytes').default(DEFAULT_STREAM_SETTINGS.maxBytes),
  NATS_ARCHIVE_MAX_AGE_SECONDS: positive('seconds').default(DEFAULT_STREAM_SETTINGS.archiveMaxAgeSeconds),
  NATS_ARCHIVE_MAX_BYTES: positive('bytes').default(DEFAULT_STREAM_SETTINGS.archiveMaxBytes),
});

/** The settings named by a parsed {@link StreamSettingsEnv}. */
export function streamSettingsOf(env: z.infer<typeof StreamSettingsEnv>): StreamSettings {
  return {
    ...DEFAULT_STREAM_SETTINGS,
    replicas: env.NATS_STREAM_REPLICAS,
    maxBytes: env.NATS_STREAM_MAX_BYTES,
    archiveMaxAgeSeconds: env.NATS_ARCHIVE_MAX_AGE_SECONDS,
    archiveMaxBytes: env.NATS_ARCHIVE_MAX_BYTES,
  };
}
