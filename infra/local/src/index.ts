// @ticketing/local: runs Ticketing's engines (mongo-java-server, NATS JetStream, Redis) as plain local processes, for
// `npm start` and for the jest harness (DESIGN §2), and the whole system behind its gateway (`npm start`, DESIGN §9).
// The full TSDoc of each export is on its declaration; the summary here says what it guarantees, what it throws and
// what happens on stop.

/**
 * Installs mongo-java-server 1.46.0 (Maven, into ~/.cache/ticketing), nats-server v2.11.16 (go install) and
 * redis-server (apt-get) when missing, and nginx (apt-get) on a full check (no `only`). Idempotent; silent and fast (no apt-get, no go) when all are present. Throws when an install step fails.
 */
export { ensureEngines } from './engines/ensure';
/** The first executable of that name on PATH or in the usual system dirs (Debian puts nats-server in /usr/sbin). */
export { findOnPath } from './engines/ensure';
/**
 * Runs a function while holding a lock file (created exclusively, holding our PID), so that two processes starting at
 * once (two jest runs) do not both build the same tool; a lock whose PID is dead is taken over. Throws when the lock is
 * still held after the timeout (15 minutes by default).
 */
export { withFileLock } from './engines/file-lock';
/** The pinned engine versions: mongo-java-server `1.46.0` and nats-server `v2.11.16` (infra/k8s runs nats:2.11). */
export { MONGO_JAVA_SERVER_VERSION } from './engines/mongo-engine-install';
export { NATS_SERVER_VERSION } from './engines/nats-install';
export type { EngineBinaries, EngineName, EnsureEnginesOptions } from './engines/ensure';

/**
 * Starts the MongoDB engine (or uses TEST_MONGO_URI), NATS and Redis on free 127.0.0.1 ports, all or nothing: when one fails
 * the others are stopped and the error (an {@link EngineStartError} with the engine's output) is thrown. Every
 * process is stopped by `stop()`, on exit, on SIGINT/SIGTERM, and by a reaper if this process is SIGKILLed.
 */
export { startEngines } from './engines/start-engines';
/** `['mongo', 'nats', 'redis']`. */
export { ALL_ENGINES } from './engines/start-engines';
export type { Engines, StartEnginesOptions } from './engines/start-engines';

/**
 * mongo-java-server 1.46.0 (wire version 8): `storage: 'memory'` for tests, `'file'` (H2, committed every 50 ms) for
 * npm start; resolved once it answers `ping`. `stop()` sends SIGTERM, then SIGKILL after 10 s, and resolves once the
 * process has exited; throws EngineStartError when it cannot start.
 */
export { startMongo, H2_FILE_NAME } from './engines/mongo';
export type { MongoStorage, StartMongoOptions } from './engines/mongo';
/** nats-server with JetStream (file store under `dataDir`), resolved once `/healthz` says JetStream is up. Same stop. */
export { startNats } from './engines/nats';
/**
 * A JetStream cluster of `size` (3) nats-servers on loopback, each guarded like every engine, named `n1`… with routes
 * naming every node; resolved once every node is healthy and a meta leader is elected. `url` lists every node's client
 * URL, comma-separated (NATS_URL for a cluster). `stop()` stops every node; throws EngineStartError, leaving none.
 */
export { startNatsCluster } from './engines/nats-cluster';
export type { NatsCluster, NatsClusterNode, StartNatsClusterOptions } from './engines/nats-cluster';
/** redis-server with the append-only file under `dataDir`, resolved once it answers PING. Same stop. */
export { startRedis } from './engines/redis';
export type { EngineHandle, NatsHandle, StartEngineOptions, LogLine } from './engines/types';

/** An engine exited or did not answer in time; the message ends with its last output lines. */
export { EngineStartError } from './engines/wait-ready';

/**
 * The whole local system (DESIGN §9), as `npm start` runs it: engines, Stripe fake, the five services, the client and
 * the gateway, each a guarded child process with its log in `<dataDir>/logs/<part>.log`; resolves once every part
 * answers its readiness probe and a first run's demo tickets are in. `stop()` stops the gateway, client and services
 * before the engines. Throws AlreadyRunningError when another start holds the data dir, PortInUseError when a port is
 * taken, NotBuiltError when a part is not built; nothing is left running when it throws.
 */
export { startSystem, PortInUseError, NotBuiltError } from './start/start-system';
export type { StartSystemOptions, TicketingSystem, SystemPart, PartKind } from './start/start-system';
export type { ClientPayments } from './start/parts';
/** Another `npm start` holds the data dir (its PID is alive); the message says how to stop it. */
export { AlreadyRunningError } from './start/run-lock';
/** The ports of the parts for a base (default 4000: auth 4001 … payments 4005, queue 4006, client 3000, Stripe fake 12111). */
export { partPorts, DEFAULT_PORT_BASE, DEFAULT_GATEWAY_PORT } from './start/ports';
export type { PartPorts } from './start/ports';
/** The demo seller and tickets a first run adds (the product mockups' four tickets). */
export { DEMO_EVENTS, DEMO_SELLER, DEMO_TICKETS } from './start/seed';

/**
 * The local gateway (ingress-nginx's stand-in): Debian's nginx on a config made from infra/routes.json, routing by
 * longest path prefix, forwarding cookies untouched, setting X-Forwarded-*, answering the errors nginx makes itself
 * (a target down 502, too slow 504, a body over 1 MB 413, a bad URL 400…) under /api as `{ errors: [{ message }] }`.
 * `startGateway` installs nginx when missing (apt-get), listens (port 0 for a free one), and `close()` drains it;
 * `nginxConfig` is the config alone.
 */
export { startGateway } from './gateway/start-gateway';
export type { StartGatewayOptions, RunningGateway } from './gateway/start-gateway';
export { nginxConfig } from './gateway/nginx-config';
export type { NginxConfigOptions } from './gateway/nginx-config';
/**
 * The errors the edge makes itself and their API answers (one table for the gateway and the Ingress), and the
 * nginx.conf of Kubernetes' error backend that ingress-nginx sends them to, listening on `ERROR_BACKEND_PORT`.
 */
export { EDGE_ERRORS, ERROR_BACKEND_PORT, errorBackendConfig } from './gateway/edge-errors';
export type { EdgeError } from './gateway/edge-errors';
/** Debian's nginx: found on PATH or installed with apt-get, as redis-server is. */
export { ensureNginx } from './engines/nginx-install';
/** infra/routes.json, validated; `matchRoute` picks a request path's route as the Ingress does (pathType Prefix). */
export { loadRouteTable, matchRoute, ROUTES_FILE } from './gateway/route-table';
export type { Route, RouteTable } from './gateway/route-table';

/**
 * The bus's users and rights (DESIGN §10): `EVENT_ROUTES` (who publishes and consumes each subject), the permissions
 * made from it (`servicePermissions`, `busPermissions`), and the nats-server config that enforces them
 * (`natsAuthorizationBlock`, also compared with infra/k8s's). `newBusCredentials` makes passwords;
 * `busCredentialsFromEnv` reads a jest run's (TEST_BUS_CREDENTIALS).
 */
export { BUS_SERVICES, EVENT_ROUTES, subjectsConsumedBy, subjectsPublishedBy } from './bus/event-routes';
export type { BusService, EventRoute } from './bus/event-routes';
export { STREAMS_CLI, makeStreams, streamConsumers } from './bus/streams';
export type { MakeStreamsOptions } from './bus/streams';
export {
  ARCHIVE_STREAM,
  BUS_USERS,
  DEAD_LETTER_STREAM,
  EVENT_STREAM,
  busPermissions,
  durableOf,
  inboxPrefixOf,
  servicePermissions,
} from './bus/bus-permissions';
export type { BusUser, NatsPermissions } from './bus/bus-permissions';
export {
  ROUTE_USER,
  localNatsConfig,
  natsAuthorizationBlock,
  natsClusterBlock,
  newBusCredentials,
  passwordVariable,
} from './bus/nats-config';
export type { BusCredentials, ClusterSettings, PasswordSource } from './bus/nats-config';
export { BusCredentialsSchema, TEST_BUS_CREDENTIALS, busCredentialsFromEnv } from './bus/credentials-file';
export { REDIS_PASSWORD_FILE, newRedisPassword } from './engines/redis';
export type { StartNatsOptions, StartRedisOptions } from './engines/types';
/** Text without the credentials of the URLs in it, for what is printed or logged (the Redis URL carries its password). */
export { withoutCredentials, secretFreeLog } from './secret-free-log';
/** Runs a command to its end and resolves its exit code and output, whatever the code (tests of CLIs). */
export { runToExit } from './engines/run-command';
export type { CommandResult } from './engines/run-command';
/** The seeded admin's email and auth's admin CLI (DESIGN §12 "Roles"), which npm start and the Job `admin` run. */
export { ADMIN_EMAIL, ADMIN_CLI } from './start/admin';
