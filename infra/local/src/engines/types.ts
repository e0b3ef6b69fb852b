import type { BusCredentials } from '../bus/nats-config';

/** Receives one human-readable progress line (no trailing newline). */
export type LogLine = (line: string) => void;

/** Options shared by `startMongo`, `startNats` and `startRedis`. */
export interface StartEngineOptions {
  /** The engine's own data directory; created if missing. Its log file is written there too. */
  dataDir: string;
  /** Listen on this 127.0.0.1 port instead of a free one (a restart on the same port keeps the URL). */
  port?: number;
  /** Progress lines ("nats-server started at nats://… (pid 123)"). Silent when omitted. */
  log?: LogLine;
  /** Path of the engine binary; found or installed by `ensureEngines` when omitted. */
  bin?: string;
  /** How long to wait for the engine to answer, in ms (default 30 000). */
  readyTimeoutMs?: number;
}

/** Options of `startNats`: the shared ones, and the users' credentials. */
export interface StartNatsOptions extends StartEngineOptions {
  /** The passwords the server accepts; default: kept in `<dataDir>/bus-credentials.json` (made on first use). */
  credentials?: BusCredentials;
}

/** Options of `startRedis`: the shared ones, and the password. */
export interface StartRedisOptions extends StartEngineOptions {
  /** The password Redis requires (`requirepass`); default: kept in `<dataDir>/redis-password.json`. */
  password?: string;
}

/** A running engine process started by this package. */
export interface EngineHandle {
  /** Where clients connect: `mongodb://127.0.0.1:<port>`, `nats://127.0.0.1:<port>` or `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly dataDir: string;
  /** The file that receives the engine's stdout and stderr. */
  readonly logFile: string;
  /**
   * Sends SIGTERM, waits for the process to exit, and sends SIGKILL if it is still alive after the stop deadline.
   * Resolves once the process has exited and been reaped (`process.kill(pid, 0)` then throws ESRCH). Idempotent.
   */
  stop(): Promise<void>;
  /** Sends SIGKILL now, without waiting (a crash, for fault tests). `stop()` still resolves once it has exited. */
  kill(): void;
}

/**
 * A NATS server also exposes its HTTP monitoring endpoint (used for readiness and by tests that inspect JetStream),
 * and the credentials it accepts: connect as a service with `credentials.passwords.<service>`.
 */
export interface NatsHandle extends EngineHandle {
  readonly monitorUrl: string;
  readonly credentials: BusCredentials;
}
