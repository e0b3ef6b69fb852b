// The parts table: every process npm start runs besides the engines, with its command, port, environment
// (docs/CONVENTIONS.md names) and readiness probe. The one place that says how the local system is wired.
import path from 'node:path';
import type { PartSpec } from './part-process';
import { partPorts } from './ports';
import type { LocalSecrets } from './secrets';

export const SERVICES = ['auth', 'tickets', 'orders', 'expiration', 'payments', 'queue'] as const;
export type ServiceName = (typeof SERVICES)[number];
export type PartName = ServiceName | 'stripe-fake' | 'client' | 'gateway';

/** The repo root, from infra/local/src/start (jest) and infra/local/dist/start (node) alike. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/**
 * Readiness probes: `/readyz` for the services (DB and bus connected), `/healthz` for the Stripe fake and the client
 * (the client's own route; it answers without calling the API), and for the gateway a route through it to auth, so
 * that "ready" means requests really get through.
 */
export const DEFAULT_PROBE_PATHS: Readonly<Record<PartName, string>> = {
  auth: '/readyz',
  tickets: '/readyz',
  orders: '/readyz',
  expiration: '/readyz',
  payments: '/readyz',
  queue: '/readyz',
  'stripe-fake': '/healthz',
  client: '/healthz',
  gateway: '/api/users/currentuser',
};

/** Everything the parts' commands and environments are made from. */
export interface PartsContext {
  repoRoot?: string;
  dataDir: string;
  gatewayPort: number;
  portBase: number;
  expirationWindowSeconds: number;
  eventsMinLeadSeconds: number;
  logLevel: string;
  /** `mongoUri` without a database name: each service gets `<mongoUri>/<service>`. */
  engines: { mongoUri: string; natsUrl: string; redisUrl: string };
  secrets: LocalSecrets;
  probePaths?: Partial<Record<PartName, string>>;
  /** The environment the parts inherit (PATH, HOME…), minus the variables set here; default process.env. */
  baseEnv?: NodeJS.ProcessEnv;
  /** How the client takes cards; default: Stripe's test cards (see {@link ClientPayments}). */
  clientPayments?: ClientPayments;
}

/**
 * How the Pay page takes a card (DESIGN §7). Locally it offers Stripe's test cards (STRIPE_TEST_CARDS=true); with a
 * publishable key it runs as in production, with Stripe's Payment Element (STRIPE_PUBLISHABLE_KEY, no test cards):
 * what the browser tests of that path start, with a stand-in for Stripe.js.
 */
export type ClientPayments = { testCards: true } | { testCards: false; publishableKey: string };

// Set here for the parts that use them and for no other, whatever the launcher's own environment holds (a stray
// NATS_URL or a jest NODE_ENV=test must not reach a service).
const MANAGED_VARIABLES = [
  'PORT',
  'HOST',
  'TRUSTED_PROXY_HOPS',
  'MONGO_URI',
  'TEST_MONGO_URI',
  'NATS_URL',
  'NATS_USER',
  'NATS_PASSWORD',
  'REDIS_URL',
  'JWT_KEY',
  'ETICKET_PRIVATE_KEY',
  'QUEUE_PASS_KEY',
  'COOKIE_SECURE',
  'STRIPE_SECRET_KEY',
  'STRIPE_API_URL',
  'API_URL',
  'API_HOST_HEADER',
  'STRIPE_TEST_CARDS',
  'STRIPE_PUBLISHABLE_KEY',
  'STRIPE_TEST_ORIGIN',
  'NODE_ENV',
  'LOG_LEVEL',
  'GATEWAY_PORT',
  'GATEWAY_HOST',
  'DATA_DIR',
  'EXPIRATION_WINDOW_SECONDS',
  'EVENTS_MIN_LEAD_SECONDS',
  'TICKETING_PORT_BASE',
  // The seeded admin's password is the admin command's (admin.ts), not a part's.
  'ADMIN_PASSWORD',
];

/** The spec of every part, in start order (they are started together; the order is the stop order reversed). */
export function partSpecs(ctx: PartsContext): PartSpec[] {
  const root = ctx.repoRoot ?? REPO_ROOT;
  const ports = partPorts(ctx.portBase);
  const probes = { ...DEFAULT_PROBE_PATHS, ...ctx.probePaths };
  const inherited = Object.fromEntries(
    Object.entries(ctx.baseEnv ?? process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !MANAGED_VARIABLES.includes(entry[0]),
    ),
  );
  // DESIGN §9 and §12: these reach every part.
  const shared = {
    ...inherited,
    GATEWAY_PORT: String(ctx.gatewayPort),
    DATA_DIR: ctx.dataDir,
    EXPIRATION_WINDOW_SECONDS: String(ctx.expirationWindowSeconds),
    EVENTS_MIN_LEAD_SECONDS: String(ctx.eventsMinLeadSeconds),
    LOG_LEVEL: ctx.logLevel,
    // The local system runs the built code, as production does.
    NODE_ENV: 'production',
  };
  const { mongoUri, natsUrl, redisUrl } = ctx.engines;
  const stripeApiUrl = `http://127.0.0.1:${ports['stripe-fake']}`;

  // Every service: its own NATS user (DESIGN §10: it may publish only its own events) and Redis, whose URL carries
  // the password (auth's throttling, expiration's BullMQ, queue's rooms, and every service's token deny-list).
  const common = (service: ServiceName): Record<string, string> => ({
    NATS_URL: natsUrl,
    NATS_USER: service,
    NATS_PASSWORD: ctx.secrets.bus.passwords[service],
    REDIS_URL: redisUrl,
  });
  const serviceEnv: Record<ServiceName, Record<string, string>> = {
    auth: {
      ...common('auth'),
      MONGO_URI: withDatabase(mongoUri, 'auth'),
      JWT_KEY: ctx.secrets.jwtKey,
      // Local runs are plain http: a Secure cookie would never come back from the browser (DESIGN §8).
      COOKIE_SECURE: 'false',
    },
    tickets: { ...common('tickets'), MONGO_URI: withDatabase(mongoUri, 'tickets'), JWT_KEY: ctx.secrets.jwtKey },
    orders: {
      ...common('orders'),
      MONGO_URI: withDatabase(mongoUri, 'orders'),
      JWT_KEY: ctx.secrets.jwtKey,
      ETICKET_PRIVATE_KEY: ctx.secrets.eticketPrivateKey,
      // Orders verifies the waiting room's passes that queue signs (DESIGN §13).
      QUEUE_PASS_KEY: ctx.secrets.queuePassKey,
    },
    expiration: common('expiration'),
    payments: {
      ...common('payments'),
      MONGO_URI: withDatabase(mongoUri, 'payments'),
      JWT_KEY: ctx.secrets.jwtKey,
      STRIPE_SECRET_KEY: ctx.secrets.stripeSecretKey,
      STRIPE_API_URL: stripeApiUrl,
    },
    // No database: the rooms live in Redis, whose append-only file keeps them across a restart (DESIGN §13).
    queue: { ...common('queue'), JWT_KEY: ctx.secrets.jwtKey, QUEUE_PASS_KEY: ctx.secrets.queuePassKey },
  };
  const node = process.execPath;

  const stripeFakeEntry = path.join(root, 'infra/stripe-fake/dist/cli.js');
  const stripeFake: PartSpec = {
    name: 'stripe-fake',
    command: node,
    args: [stripeFakeEntry, '--port', String(ports['stripe-fake']), '--host', '127.0.0.1'],
    cwd: root,
    env: { ...shared, PORT: String(ports['stripe-fake']) },
    port: ports['stripe-fake'],
    probePath: probes['stripe-fake'],
    mark: stripeFakeEntry,
  };
  const services = SERVICES.map((name): PartSpec => {
    const entry = path.join(root, name, 'dist/index.js');
    return {
      name,
      command: node,
      args: [entry],
      cwd: path.join(root, name),
      // Loopback only, behind the gateway (one proxy hop): nothing off this machine reaches a service's port, so no
      // one can bypass the gateway, which replaces X-Forwarded-For with the address it saw (DESIGN §8).
      env: { ...shared, ...serviceEnv[name], PORT: String(ports[name]), HOST: '127.0.0.1', TRUSTED_PROXY_HOPS: '1' },
      port: ports[name],
      probePath: probes[name],
      mark: entry,
    };
  });
  const clientDir = path.join(root, 'client');
  const payments = ctx.clientPayments ?? { testCards: true };
  const nextBin = require.resolve('next/dist/bin/next', { paths: [clientDir] });
  const client: PartSpec = {
    name: 'client',
    command: node,
    args: [nextBin, 'start', '--port', String(ports.client), '--hostname', '127.0.0.1'],
    cwd: clientDir,
    env: {
      ...shared,
      PORT: String(ports.client),
      // Server-side rendering reaches the API through the gateway, as the browser does.
      API_URL: `http://127.0.0.1:${ctx.gatewayPort}`,
      ...(payments.testCards
        ? { STRIPE_TEST_CARDS: 'true' }
        : // The Payment Element's browser tests load a stand-in for Stripe.js that calls the local fake: the page's
          // CSP must let it (client/src/lib/security-headers.ts).
          { STRIPE_PUBLISHABLE_KEY: payments.publishableKey, STRIPE_TEST_ORIGIN: stripeApiUrl }),
      NEXT_TELEMETRY_DISABLED: '1',
    },
    port: ports.client,
    probePath: probes.client,
    // Not the script path: next start renames its process ("next-server (v15…)"), and the reaper matches the
    // command line it sees then.
    mark: 'next',
  };
  const gatewayEntry = path.join(root, 'infra/local/dist/gateway/cli.js');
  const gateway: PartSpec = {
    name: 'gateway',
    command: node,
    args: [gatewayEntry],
    cwd: root,
    env: { ...shared, TICKETING_PORT_BASE: String(ctx.portBase), GATEWAY_HOST: '127.0.0.1' },
    port: ctx.gatewayPort,
    probePath: probes.gateway,
    mark: gatewayEntry,
  };
  return [stripeFake, ...services, client, gateway];
}

/**
 * `mongodb://host:port/<database>`, keeping any query string (`?replicaSet=…`) of the given URI and replacing its
 * path. Works on multi-host URIs (`mongodb://a:1,b:2/`), which the WHATWG URL parser refuses.
 */
export function withDatabase(mongoUri: string, database: string): string {
  const queryAt = mongoUri.indexOf('?');
  const base = queryAt === -1 ? mongoUri : mongoUri.slice(0, queryAt);
  const query = queryAt === -1 ? '' : mongoUri.slice(queryAt);
  const hostStart = base.indexOf('://') + 3;
  const pathAt = base.indexOf('/', hostStart);
  return `${pathAt === -1 ? base : base.slice(0, pathAt)}/${database}${query}`;
}
