// @ticketing/local: runs Ticketing's engines (FerretDB, NATS JetStream, Redis) as plain local processes, for
// `npm start` and for the jest harness (DESIGN §2). The full TSDoc of each export is on its declaration; the summary
// here says what it guarantees, what it throws and what happens on stop.

/**
 * Installs FerretDB v1.24.2 (built with Go into ~/.cache/ticketing/bin), nats-server and redis-server (apt-get) when
 * missing. Idempotent; silent and fast (no apt-get, no go) when all are present. Throws when an install step fails.
 */
export { ensureEngines } from './engines/ensure';
/** The first executable of that name on PATH or in the usual system dirs (Debian puts nats-server in /usr/sbin). */
export { findOnPath } from './engines/ensure';
/** `v1.24.2`: the FerretDB release the launcher installs and checks with `ferretdb --version`. */
export { FERRETDB_VERSION } from './engines/ferretdb-install';
export type { EngineBinaries, EngineName, EnsureEnginesOptions } from './engines/ensure';

/**
 * Starts FerretDB (or uses TEST_MONGO_URI), NATS and Redis on free 127.0.0.1 ports, all or nothing: when one fails
 * the others are stopped and the error (an {@link EngineStartError} with the engine's output) is thrown. Every
 * process is stopped by `stop()`, on exit, on SIGINT/SIGTERM, and by a reaper if this process is SIGKILLed.
 */
export { startEngines } from './engines/start-engines';
/** `['mongo', 'nats', 'redis']`. */
export { ALL_ENGINES } from './engines/start-engines';
export type { Engines, StartEnginesOptions } from './engines/start-engines';

/**
 * FerretDB with the SQLite backend under `dataDir`, resolved once it answers `ping`. `stop()` sends SIGTERM, then
 * SIGKILL after 10 s, and resolves once the process has exited; throws EngineStartError when it cannot start.
 */
export { startFerretDB } from './engines/ferretdb';
/** nats-server with JetStream (file store under `dataDir`), resolved once `/healthz` says JetStream is up. Same stop. */
export { startNats } from './engines/nats';
/** redis-server with the append-only file under `dataDir`, resolved once it answers PING. Same stop. */
export { startRedis } from './engines/redis';
export type { EngineHandle, NatsHandle, StartEngineOptions, LogLine } from './engines/types';

/** An engine exited or did not answer in time; the message ends with its last output lines. */
export { EngineStartError } from './engines/wait-ready';
