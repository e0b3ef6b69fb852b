import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from 'pino';
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
}

/**
 * Connects to NATS with unlimited reconnects. It creates no stream: the streams are deployment's (DESIGN §16,
 * ensure-streams.ts); a service checks the ones it needs with {@link checkStreamsFor} after connecting.
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
  log.info({ url, user: options.credentials?.user, stream: STREAM_NAME }, 'bus connected');
  return { service, nc, js: jetstream(nc), jsm, log, isConnected: () => connected && !nc.isClosed() };
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
