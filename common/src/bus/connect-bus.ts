import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  DiscardPolicy,
} from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { allEvents } from '../events/catalogue';
import { DEAD_LETTER_STREAM } from './dead-letters';
import { STREAM_NAME } from './names';

/** A connection to the bus: the NATS connection, JetStream, and who we are. Create with {@link connectBus}. */
export interface Bus {
  readonly service: string;
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly log: Logger;
  /** True while the connection is up (follows the connection's status events). */
  isConnected(): boolean;
}

/** Who a connection authenticates as: a service's own user, or the tools' and tests' unrestricted ones. */
export interface BusLogin {
  user: string;
  password: string;
}

/**
 * Replies to a connection (PubAcks, pulled messages, JetStream API answers) come to `_INBOX_<user>.…`, and each
 * user may subscribe to its own prefix only (the server's permissions, infra/local's `inboxPrefixOf`), so no service
 * can read another's replies.
 */
export function inboxPrefixFor(user: string): string {
  return `_INBOX_${user}`;
}

export interface ConnectBusOptions {
  url: string;
  /** The NATS user to connect as; without it the connection is anonymous, which every server of ours refuses. */
  credentials?: BusLogin;
  service: string;
  log: Logger;
  /** Window in which JetStream drops a message whose Nats-Msg-Id it has already stored. Default 10 minutes. */
  duplicateWindowMs?: number;
  /** Copies of the stream on a cluster (`num_replicas`); default 1. Applied when the stream is created or updated. */
  replicas?: number;
  /** How much the stream keeps; a limit left unset is the default ({@link DEFAULT_STREAM_LIMITS}). */
  limits?: Partial<StreamLimits>;
}

/**
 * What the TICKETING stream keeps (JetStream's `max_age` and `max_bytes`, discard policy Old): past either limit the
 * oldest messages are dropped to make room, so a full stream never refuses a publish (with no limit, a full disk
 * stops every service's publishes). A consumer that falls further behind than the limits loses what was dropped.
 */
export interface StreamLimits {
  maxAgeSeconds: number;
  maxBytes: number;
}

/**
 * 7 days, and 1 GiB: half the NATS volume of infra/k8s (2 Gi per server), which leaves room for the consumers' state
 * and the RAFT logs of a cluster. The services' config defaults (NATS_STREAM_MAX_AGE_SECONDS, NATS_STREAM_MAX_BYTES)
 * are these, so that a connection that names no limits (a test, a tool) agrees with the services and changes nothing.
 */
export const DEFAULT_STREAM_LIMITS: StreamLimits = { maxAgeSeconds: 7 * 24 * 3600, maxBytes: 1024 ** 3 };

/**
 * Connects to NATS with unlimited reconnects, and creates or updates the TICKETING stream with every subject of
 * the catalogue (file storage, limits retention, so each consuming service reads it through its own durable), its
 * copies and its {@link StreamLimits}.
 * Throws if the server cannot be reached at first, or refuses the credentials (an AuthorizationError); after that, disconnections are retried forever and reported by
 * {@link Bus.isConnected}.
 */
export async function connectBus(options: ConnectBusOptions): Promise<Bus> {
  const { url, service, log } = options;
  const nc = await connect({
    servers: url.split(','),
    name: service,
    ...(options.credentials && {
      user: options.credentials.user,
      pass: options.credentials.password,
      inboxPrefix: inboxPrefixFor(options.credentials.user),
    }),
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  });
  let connected = true;
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') connected = false;
      if (s.type === 'reconnect') connected = true;
      if (s.type === 'disconnect' || s.type === 'reconnect' || s.type === 'error')
        log.warn({ status: s.type }, 'bus connection status');
    }
  })();
  const jsm = await jetstreamManager(nc);
  await ensureStream(jsm, {
    duplicateWindowMs: options.duplicateWindowMs ?? 10 * 60_000,
    replicas: options.replicas ?? 1,
    limits: {
      maxAgeSeconds: options.limits?.maxAgeSeconds ?? DEFAULT_STREAM_LIMITS.maxAgeSeconds,
      maxBytes: options.limits?.maxBytes ?? DEFAULT_STREAM_LIMITS.maxBytes,
    },
  });
  await ensureDeadLetterStream(jsm, options.replicas ?? 1);
  log.info({ url, user: options.credentials?.user, stream: STREAM_NAME }, 'bus connected');
  return { service, nc, js: jetstream(nc), jsm, log, isConnected: () => connected && !nc.isClosed() };
}

interface StreamSettings {
  duplicateWindowMs: number;
  replicas: number;
  limits: StreamLimits;
}

/** Creates the stream, or updates it when its subjects, dedupe window, copies, limits or discard policy differ. */
async function ensureStream(jsm: JetStreamManager, settings: StreamSettings): Promise<void> {
  const subjects = allEvents.map((e) => e.subject);
  const maxAge = settings.limits.maxAgeSeconds * 1_000_000_000; // nanoseconds
  const wanted = {
    // JetStream refuses a dedupe window longer than max_age: a message cannot be remembered longer than it is kept.
    duplicate_window: Math.min(settings.duplicateWindowMs * 1_000_000, maxAge),
    num_replicas: settings.replicas,
    max_age: maxAge,
    max_bytes: settings.limits.maxBytes,
    discard: DiscardPolicy.Old,
  };
  try {
    const info = await jsm.streams.info(STREAM_NAME);
    const missing = subjects.filter((s) => !info.config.subjects.includes(s));
    const differs = (Object.keys(wanted) as Array<keyof typeof wanted>).some((k) => info.config[k] !== wanted[k]);
    if (missing.length > 0 || differs) {
      await jsm.streams.update(STREAM_NAME, {
        ...info.config,
        ...wanted,
        subjects: [...new Set([...info.config.subjects, ...subjects])],
      });
    }
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await jsm.streams.add({
        name: STREAM_NAME,
        subjects,
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        ...wanted,
      });
    } catch (addError) {
      // Another replica created it between our info and add: that is what we wanted.
      if (!/already in use|already exists/i.test(String(addError))) throw addError;
    }
  }
}

/**
 * The dead letters' stream (`dead.>`): messages that can never succeed, kept 30 days for `npm run dead-letters` to list
 * and replay. Created once; an existing one is left as it is.
 */
async function ensureDeadLetterStream(jsm: JetStreamManager, replicas: number): Promise<void> {
  try {
    await jsm.streams.info(DEAD_LETTER_STREAM);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await jsm.streams.add({
        name: DEAD_LETTER_STREAM,
        subjects: ['dead.>'],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        discard: DiscardPolicy.Old,
        max_age: 30 * 24 * 3600 * 1_000_000_000,
        duplicate_window: 10 * 60 * 1_000_000_000,
        num_replicas: replicas,
      });
    } catch (addError) {
      if (!/already in use|already exists/i.test(String(addError))) throw addError;
    }
  }
}

function isNotFound(error: unknown): boolean {
  return /not found/i.test(String(error));
}

/**
 * Ordered shutdown: stops taking messages, lets the handlers in flight finish and acks flush, then closes.
 * Resolves when the connection is closed; never rejects (an already closed connection is fine).
 */
export async function drainBus(bus: Bus): Promise<void> {
  if (bus.nc.isClosed()) return;
  try {
    await bus.nc.drain();
  } catch (error) {
    bus.log.warn({ err: error }, 'bus drain failed; closing');
    await bus.nc.close().catch(() => undefined);
  }
}
