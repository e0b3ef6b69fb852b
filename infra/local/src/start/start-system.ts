// The whole local system as one function (DESIGN §9): what `npm start` runs, and what browser tests and benchmarks
// call to get a system of their own (another data dir, another port base).
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureNginx } from '../engines/nginx-install';
import { makeStreams, STREAMS_CLI } from '../bus/streams';
import type { LogLine } from '../engines/types';
import type { LogLevel } from './config';
import { dataLayout, ensureDataDir, wipeDataDir } from './data-dir';
import { startLocalEngines, type LocalEngines } from './engines';
import { httpStatus, portIsFree } from './http-probe';
import { startPart } from './part-process';
import { type ClientPayments, partSpecs, REPO_ROOT, SERVICES, type PartName } from './parts';
import { DEFAULT_GATEWAY_PORT, DEFAULT_PORT_BASE, partPorts } from './ports';
import { acquireRunLock, type RunLock } from './run-lock';
import { loadOrCreateSecrets } from './secrets';
import { DEMO_SELLER, seedDemoTickets, type SeedOutcome } from './seed';
import { ADMIN_CLI, seedAdmin, type SeededAdmin } from './admin';
import { supervise, type Supervised } from './supervisor';
import { secretFreeLog, withoutCredentials } from '../secret-free-log';

/** Options of {@link startSystem}. */
export interface StartSystemOptions {
  /** Stores, logs, secrets and the lock live here; reuse it to keep the data. Created when missing. */
  dataDir: string;
  /** Default 8080. */
  gatewayPort?: number;
  /** Default 4000 (auth 4001 … payments 4005, queue 4006, client 3000, Stripe fake 12111); see ports.ts. */
  portBase?: number;
  /** Default 900. */
  expirationWindowSeconds?: number;
  /** Default 3600 (DESIGN §12). */
  eventsMinLeadSeconds?: number;
  /** Empty the data dir first (refused for a non-empty folder that is not a Ticketing data dir). */
  fresh?: boolean;
  /** Progress lines (what started where, where the logs are). Silent when omitted. */
  log?: LogLine;
  /** Use this MongoDB instead of starting the local engine. */
  mongoUri?: string;
  /** The parts' LOG_LEVEL (default info). */
  logLevel?: LogLevel;
  /** Readiness probe paths, per part (see DEFAULT_PROBE_PATHS). */
  probePaths?: Partial<Record<PartName, string>>;
  /** How long each part gets to answer its probe (default 90 s). */
  readyTimeoutMs?: number;
  /** Restarts allowed per part within 10 minutes before the system stops (default 5). */
  maxRestarts?: number;
  /** Aborting it during the start stops what was started and makes startSystem reject. */
  signal?: AbortSignal;
  /** How the client takes cards: Stripe's test cards by default, or the Payment Element with a publishable key. */
  clientPayments?: ClientPayments;
  /** Variables added to every part's environment (over the launcher's own), e.g. a service's limit for a load test. */
  env?: Record<string, string>;
  /** The seeded admin's password when its account is made (ADMIN_PASSWORD); else one kept in the data dir. */
  adminPassword?: string;
}

export type PartKind = 'engine' | 'service' | 'stripe-fake' | 'client' | 'gateway';

/** One running part. `pid` is the current process (a restarted part has a new one). */
export interface SystemPart {
  readonly name: string;
  readonly kind: PartKind;
  readonly pid: number;
  readonly url: string;
  readonly logFile: string;
  readonly restarts: number;
}

/** The running system. */
export interface TicketingSystem {
  /** `http://localhost:<gatewayPort>`: where to open the app. */
  readonly url: string;
  readonly dataDir: string;
  readonly logDir: string;
  readonly parts: readonly SystemPart[];
  /** What the first-run seed did on this start. */
  readonly seed: SeedOutcome;
  readonly demoSeller: { readonly email: string; readonly password: string };
  /** The seeded admin (DESIGN §12 "Roles"): its email, password and, when generated, the file that keeps it. */
  readonly admin: SeededAdmin;
  /**
   * Stops every process, gateway first, then the client, the services (SIGTERM, up to 15 s each, then SIGKILL), the
   * Stripe fake, and the engines last, then releases the data dir. Resolves when all have exited. Idempotent.
   */
  stop(): Promise<void>;
  /** Resolves once the system has stopped: after stop(), or by itself when a part kept dying (`reason` says which). */
  readonly stopped: Promise<{ reason?: string }>;
}

/** A part's port is taken by a process that is not this system's. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

/** A part has not been built; the message says what to run. */
export class NotBuiltError extends Error {
  override readonly name = 'NotBuiltError';
}

const STOP_ORDER: readonly PartKind[] = ['gateway', 'client', 'service', 'stripe-fake', 'engine'];

/**
 * Starts the local system and resolves once every part answers its readiness probe and, on a first run (or a fresh
 * one), the demo tickets are in (through the gateway). In order: the data-dir lock (a second start on the same
 * data dir throws AlreadyRunningError from run-lock.ts, before anything starts), the ports check (PortInUseError),
 * the build check (NotBuiltError), `fresh`, the engines, then the Stripe fake, the five services, the client and the
 * gateway together.
 *
 * Every process is a child of this one, guarded like the engines: stop(), process exit, and the reaper (if this
 * process is SIGKILLed) all stop them. A part that dies is restarted (see supervisor.ts); one that keeps dying stops
 * the whole system (`stopped` then resolves with the reason).
 *
 * @throws AlreadyRunningError, PortInUseError, NotBuiltError, RangeError for a port base whose ports do not fit,
 *   PartStartError / EngineStartError (with the part's last output) when a part does not come up; nothing is left
 *   running when it throws.
 */
export async function startSystem(options: StartSystemOptions): Promise<TicketingSystem> {
  // Every line of the start passes through it: engines' URLs carry their passwords (Redis), and so may MONGO_URI.
  const log = secretFreeLog(options.log ?? (() => undefined));
  const gatewayPort = options.gatewayPort ?? DEFAULT_GATEWAY_PORT;
  const portBase = options.portBase ?? DEFAULT_PORT_BASE;
  partPorts(portBase); // throws RangeError for a base whose ports do not fit, before anything starts
  const layout = dataLayout(options.dataDir);
  const url = `http://localhost:${gatewayPort}`;

  await mkdir(layout.root, { recursive: true });
  const lock: RunLock = await acquireRunLock(layout.lockFile, url);
  const parts: SystemPart[] = [];
  const supervised: Array<{ kind: PartKind; part: Supervised }> = [];
  let resolveStopped!: (value: { reason?: string }) => void;
  const stopped = new Promise<{ reason?: string }>((resolve) => (resolveStopped = resolve));
  let stopping: Promise<void> | undefined;
  const abort = new AbortController();
  options.signal?.addEventListener('abort', () => abort.abort(), { once: true });

  const stopAll = (reason?: string): Promise<void> => {
    stopping ??= (async () => {
      abort.abort();
      for (const kind of STOP_ORDER) {
        await Promise.allSettled(supervised.filter((s) => s.kind === kind).map(({ part }) => part.stop()));
      }
      await lock.release();
      resolveStopped(reason === undefined ? {} : { reason });
    })();
    return stopping;
  };
  const onGiveUp = (_name: string, reason: string): void => {
    log(`stopping Ticketing: ${reason}`);
    void stopAll(reason);
  };

  try {
    await checkPorts(gatewayPort, portBase);
    checkBuilt(REPO_ROOT);
    if (options.fresh) {
      await wipeDataDir(layout);
      log(`--fresh: emptied ${layout.root}`);
    }
    await ensureDataDir(layout);
    const secrets = await loadOrCreateSecrets(layout.secretsFile);
    log(`data: ${layout.root}`);
    log(`logs: ${layout.logs}/<part>.log`);

    // The gateway is nginx (gateway/start-gateway.ts): installed here, with progress on this console, rather than
    // inside the gateway's own start, whose output goes to its log and whose readiness has a deadline.
    await ensureNginx(log);
    const engines: LocalEngines = await startLocalEngines({
      layout,
      secrets,
      mongoUri: options.mongoUri,
      log,
      onGiveUp,
      maxRestarts: options.maxRestarts,
    });
    for (const engine of engines.engines) {
      supervised.push({ kind: 'engine', part: engine });
      parts.push(describe(engine, 'engine', engine.url, path.join(layout.logs, `${engine.name}.log`)));
      log(`${engine.name} ready at ${engine.url} (pid ${engine.pid})`);
    }
    if (options.mongoUri) log(`MongoDB: ${options.mongoUri} (MONGO_URI; the local engine is not started)`);
    // Where this run's engines listen (they take free ports on each start): `npm run trace` reads the NATS URL here,
    // and the operator's login (the tools' unrestricted NATS user); 0600, as the secrets file, since it holds it.
    // The Redis URL is written without its password.
    await writeFile(
      path.join(layout.root, 'engines.json'),
      `${JSON.stringify({
        mongoUri: engines.mongoUri,
        natsUrl: engines.natsUrl,
        natsUser: 'operator',
        natsPassword: secrets.bus.passwords.operator,
        redisUrl: withoutCredentials(engines.redisUrl),
      })}\n`,
      { mode: 0o600 },
    );
    if (abort.signal.aborted) throw new Error('start interrupted');
    // The streams and every durable before any service (DESIGN §16): services may not create them, check them at
    // boot, and a message published before its consumers' durables exist would be deleted at once (interest).
    const streams = await makeStreams({
      repoRoot: REPO_ROOT,
      natsUrl: engines.natsUrl,
      user: 'operator',
      password: secrets.bus.passwords.operator,
    });
    log(`streams ready: ${streams}`);

    const specs = partSpecs({
      dataDir: layout.root,
      gatewayPort,
      portBase,
      expirationWindowSeconds: options.expirationWindowSeconds ?? 900,
      eventsMinLeadSeconds: options.eventsMinLeadSeconds ?? 3600,
      logLevel: options.logLevel ?? 'info',
      engines,
      secrets,
      probePaths: options.probePaths,
      clientPayments: options.clientPayments,
      ...(options.env && { baseEnv: { ...process.env, ...options.env } }),
    });
    const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
    // The first part that fails to start is the error reported; the others are interrupted rather than waited for.
    let firstFailure: { error: unknown } | undefined;
    await Promise.allSettled(
      specs.map(async (spec) => {
        const kind = kindOf(spec.name);
        const logFile = path.join(layout.logs, `${spec.name}.log`);
        try {
          const part = await supervise(spec.name, (signal) => startPart(spec, logFile, { readyTimeoutMs, signal }), {
            log,
            onGiveUp,
            logFile,
            maxRestarts: options.maxRestarts,
            signal: abort.signal,
          });
          if (stopping) {
            // The system is being stopped (an engine kept dying) while this part started: stopAll has passed it by.
            await part.stop();
            throw new Error('start interrupted');
          }
          supervised.push({ kind, part });
          parts.push(describe(part, kind, `http://127.0.0.1:${spec.port}`, logFile));
          log(`${spec.name} ready at http://127.0.0.1:${spec.port} (pid ${part.pid})`);
        } catch (error) {
          firstFailure ??= { error };
          abort.abort();
        }
      }),
    );
    if (firstFailure) throw firstFailure.error;
    if (abort.signal.aborted) throw new Error('start interrupted');

    const seed = await seedDemoTickets(`http://127.0.0.1:${gatewayPort}`, layout.seedFile, log);
    if (abort.signal.aborted) throw new Error('start interrupted');
    const admin = await seedAdmin({
      repoRoot: REPO_ROOT,
      target: { mongoUri: engines.mongoUri, redisUrl: engines.redisUrl },
      passwordFile: layout.adminFile,
      adminPassword: options.adminPassword,
      log,
    });
    if (abort.signal.aborted) throw new Error('start interrupted');
    return {
      url,
      dataDir: layout.root,
      logDir: layout.logs,
      parts,
      seed,
      demoSeller: DEMO_SELLER,
      admin,
      stop: () => stopAll(),
      stopped,
    };
  } catch (error) {
    // A start that fails half-way leaves nothing behind, and frees the data dir for the next attempt.
    await stopAll(error instanceof Error ? error.message : String(error));
    throw error;
  }
}

function kindOf(name: string): PartKind {
  if ((SERVICES as readonly string[]).includes(name)) return 'service';
  if (name === 'client' || name === 'gateway' || name === 'stripe-fake') return name;
  return 'engine';
}

function describe(part: Supervised, kind: PartKind, url: string, logFile: string): SystemPart {
  return {
    name: part.name,
    kind,
    url,
    logFile,
    get pid() {
      return part.pid;
    },
    get restarts() {
      return part.restarts;
    },
  };
}

/** Every entry point exists: nothing is started when a part has not been built. */
function checkBuilt(root: string): void {
  const entries = [
    ...SERVICES.map((service) => `${service}/dist/index.js`),
    'infra/stripe-fake/dist/cli.js',
    'infra/local/dist/gateway/cli.js',
    STREAMS_CLI,
    ADMIN_CLI,
    'client/.next/BUILD_ID',
  ];
  const missing = entries.filter((entry) => !existsSync(path.join(root, entry)));
  if (missing.length > 0) {
    throw new NotBuiltError(
      `not built yet: ${missing.join(', ')}. \`npm start\` builds everything; by hand: \`npx tsc -b\` and ` +
        '`npm run build -w @ticketing/client`',
    );
  }
}

/** Every fixed port is free (the engines take free ones); the message says which part and which variable moves it. */
async function checkPorts(gatewayPort: number, portBase: number): Promise<void> {
  const ports = partPorts(portBase);
  const wanted: Array<[string, number]> = [['gateway', gatewayPort], ...Object.entries(ports)];
  const clash = wanted.find(([name, port]) => wanted.some(([other, p]) => other !== name && p === port));
  if (clash) {
    throw new PortInUseError(
      `GATEWAY_PORT ${gatewayPort} is also the port of ${wanted.find(([n, p]) => n !== 'gateway' && p === clash[1])?.[0]}`,
    );
  }
  for (const [name, port] of wanted) {
    if (await portIsFree(port)) continue;
    if (name === 'gateway') {
      // Another Ticketing (on another data dir) answers like this one would; say so rather than "in use".
      const ticketing = (await httpStatus(`http://127.0.0.1:${port}/api/users/currentuser`)) === 200;
      const by = ticketing ? ' by another Ticketing, started with another DATA_DIR' : '';
      throw new PortInUseError(
        `port ${port} (the gateway) is already in use${by}. Stop that program, or set GATEWAY_PORT to a free port.`,
      );
    }
    const layout = `client ${ports.client}, auth…payments ${ports.auth}-${ports.payments}, Stripe fake ${ports['stripe-fake']}`;
    throw new PortInUseError(
      `port ${port} (${name}) is already in use. Stop that program, or set TICKETING_PORT_BASE to move the parts' ` +
        `ports (now ${portBase}: ${layout}).`,
    );
  }
}
