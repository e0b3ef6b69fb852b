import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { checkStreamsFor } from '../bus/check-streams';
import { connectBus, drainBus, type Bus } from '../bus/connect-bus';
import { listen, type Listener, type RunningListener } from '../bus/listener';
import type { EventContract } from '../events/define-event';
import { startOutboxRelay, type OutboxRelay } from '../store/outbox-relay';
import type { OutboxSource } from '../store/entity-store';
import type { Indexed } from '../store/replica-store';
import { createLogger } from './logger';
import { connectRedis, type Redis } from './redis';
import { retryUntil } from './retry';

/**
 * Connections the kernel holds for the server until its event loop accepts them (capped by `net.core.somaxconn`,
 * 4096 by default since Linux 5.4). Node's default is 511: during an on-sale each buyer's live stream is a new
 * connection (an SSE stream holds its upstream connection, so the ingress cannot reuse one), and when a replica's
 * loop fell behind for a moment the queue overflowed; a connection refused that way is tried again by its client's
 * kernel only after 1 s, then 3 s (bench/RESULTS.md, the on-sale: 6,812 overflows in one run, joins of 1 to 5 s).
 */
export const LISTEN_BACKLOG = 4096;

/** An extra dependency of a service (Redis, Stripe…): connected at boot, part of readiness, closed at shutdown. */
export interface Dependency {
  name: string;
  isReady(): boolean | Promise<boolean>;
  close(): Promise<void>;
  /**
   * Called first when the service stops, before the server waits for the requests in flight: ends the responses
   * that never finish by themselves (event streams), which would otherwise hold `server.close()` until the deadline.
   */
  stopServing?(): void;
}

/** What a service declares; the same for all five (STYLE, "One service, one shape"). */
export interface ServiceDefinition {
  name: string;
  config: {
    PORT: number;
    /** The address to listen on (configFields.HOST: 127.0.0.1 unless set; 0.0.0.0 in Kubernetes). */
    HOST: string;
    NATS_URL: string;
    NATS_USER: string;
    NATS_PASSWORD: string;
    MONGO_URI?: string;
    LOG_LEVEL?: string;
  };
  /** The events this service publishes (for the flow map and the catalogue; checked against DESIGN §5). */
  publishes: readonly EventContract[];
  /** What this service consumes: one listener per subject. */
  listeners: readonly Listener[];
  /** The entities this service owns: the outbox relay publishes their events; their indexes are made at boot. */
  stores?: readonly OutboxSource[];
  /** Replicas of other services' entities (no outbox): only their indexes are made at boot. */
  replicas?: readonly Indexed[];
  /**
   * The service's Redis client (request-path state, or expiration's jobs), made unconnected with
   * {@link createRedisClient}: connected after the bus (the boot waits for it), part of readiness, closed after the
   * other dependencies.
   */
  redis?: Redis;
  /** Connects extra dependencies after the database, the bus and Redis. */
  connect?: (context: { log: Logger; bus: Bus }) => Promise<Dependency[]>;
  /** Builds the Express app (no I/O); `isReady` is what `/readyz` reports. */
  buildApp: (context: { log: Logger; isReady: () => Promise<boolean> }) => express.Express;
  /** How long a SIGTERM may take before the process exits anyway (default 10 s; the pods' grace period is 20 s). */
  shutdownDeadlineMs?: number;
  /** Runs once everything is connected, before the service reports ready (seeding, scheduling…). */
  onStarted?: (context: { log: Logger; bus: Bus }) => Promise<void>;
}

/** How to start a service beyond its definition (tests). */
export interface StartServiceOptions {
  /** Have the driver report every command (`commandStarted` events), so tests can count a route's round trips. */
  monitorDatabaseCommands?: boolean;
}

/** A started service. */
export interface RunningService {
  readonly port: number;
  readonly log: Logger;
  readonly bus: Bus;
  readonly server: Server;
  /** The ordered shutdown: not ready → stop accepting → drain listeners → stop relay → close deps, bus, DB. */
  stop(): Promise<void>;
}

/**
 * Boots a service in STYLE's order: listen at once (so `/healthz` answers and `/readyz` says 503 while connecting),
 * connect the database and the bus with retries, check the streams (a StreamNotReadyError stops the boot), then Redis and the extra dependencies, start the outbox relay (it
 * sweeps pending events first), then the listeners, then report ready; resolves once ready. Does not install signal
 * handlers; {@link runService} does.
 */
export async function startService(def: ServiceDefinition, options: StartServiceOptions = {}): Promise<RunningService> {
  const log = createLogger(def.name, def.config.LOG_LEVEL);
  let ready = false;
  let stopping = false;
  let bus: Bus | undefined;
  let relay: OutboxRelay | undefined;
  let deps: Dependency[] = [];
  const running: RunningListener[] = [];

  const isReady = async (): Promise<boolean> => {
    if (!ready || stopping || !bus?.isConnected()) return false;
    if (def.config.MONGO_URI && mongoose.connection.readyState !== 1) return false;
    const states = await Promise.all(deps.map((d) => Promise.resolve(d.isReady()).catch(() => false)));
    return states.every(Boolean);
  };

  const app = def.buildApp({ log, isReady });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = createServer(app);
    s.once('error', reject);
    s.listen({ port: def.config.PORT, host: def.config.HOST, backlog: LISTEN_BACKLOG }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ host: def.config.HOST, port }, 'listening');

  const shouldStop = () => stopping;
  const ready$ = (async () => {
    if (def.config.MONGO_URI) {
      const uri = def.config.MONGO_URI;
      await retryUntil(
        'database',
        () =>
          mongoose.connect(uri, {
            serverSelectionTimeoutMS: 3_000,
            monitorCommands: options.monitorDatabaseCommands ?? false,
          }),
        {
          shouldStop,
          onFailure: (err, tries) => log.warn({ err, tries }, 'database not reachable; retrying'),
        },
      );
      for (const store of [...(def.stores ?? []), ...(def.replicas ?? [])]) await store.init();
    }
    bus = await retryUntil(
      'bus',
      () =>
        connectBus({
          url: def.config.NATS_URL,
          credentials: { user: def.config.NATS_USER, password: def.config.NATS_PASSWORD },
          service: def.name,
          log,
        }),
      {
        shouldStop,
        onFailure: (err, tries) => log.warn({ err, tries }, 'bus not reachable; retrying'),
      },
    );
    const connectedBus = bus;
    // The streams are deployment's (DESIGN §16): a missing or outdated one stops the boot with the command to run,
    // rather than a service running on a stream that lacks its subjects or would drop its events.
    await checkStreamsFor(connectedBus.jsm, {
      publishes: def.publishes.map((event) => event.subject),
      consumes: def.listeners.map((listener) => listener.event.subject),
    });
    if (def.redis) deps.push(await connectRedis(def.redis, log));
    deps = [...deps, ...((await def.connect?.({ log, bus: connectedBus })) ?? [])];
    if (def.stores?.length) relay = startOutboxRelay({ bus: connectedBus, stores: def.stores, log });
    for (const listener of def.listeners) running.push(await listen(connectedBus, listener));
    await def.onStarted?.({ log, bus: connectedBus });
    ready = true;
    log.info('ready');
  })();

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      ready = false;
      for (const dep of deps) dep.stopServing?.();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await Promise.allSettled(running.map((r) => r.stop()));
      await relay?.stop();
      // Dependencies before the bus: a job worker (expiration) that fires while the bus drains could not publish.
      // Redis (the first) after the others, which may still use it while they stop.
      const [redis, others] = def.redis ? [deps[0], deps.slice(1)] : [undefined, deps];
      await Promise.allSettled(others.map((d) => d.close()));
      await redis?.close();
      // Stopped before Redis ever answered: end ioredis's reconnect loop, or it would keep the process alive.
      if (def.redis && !redis) def.redis.disconnect();
      if (bus) await drainBus(bus);
      await mongoose.disconnect().catch(() => undefined);
      log.info('stopped');
    })());

  await ready$.catch(async (error: unknown) => {
    if (!stopping) {
      await stop();
      throw error;
    }
  });
  return {
    port,
    log,
    get bus(): Bus {
      if (!bus) throw new Error('bus not connected');
      return bus;
    },
    server,
    stop,
  };
}
