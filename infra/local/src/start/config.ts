// npm start's settings: the variables of DESIGN §9 (GATEWAY_PORT, DATA_DIR, EXPIRATION_WINDOW_SECONDS) and §12
// (EVENTS_MIN_LEAD_SECONDS, PAYOUT_DELAY_SECONDS, PLATFORM_FEE_BPS), the port base of the parts (TICKETING_PORT_BASE),
// an external MONGO_URI (DESIGN §2), LOG_LEVEL, the developer's own Stripe account (own-stripe-account.ts), plus the
// command line.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { readOwnStripeAccount, stripeListenCommand, type OwnStripeAccount } from './own-stripe-account';
import { DEFAULT_GATEWAY_PORT, DEFAULT_PORT_BASE, PORT_BASE_RANGE } from './ports';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const StartEnvSchema = z.object({
  GATEWAY_PORT: z.coerce.number().int().min(1).max(65_535).default(DEFAULT_GATEWAY_PORT),
  DATA_DIR: z.string().min(1).default('.data'),
  EXPIRATION_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  EVENTS_MIN_LEAD_SECONDS: z.coerce.number().int().min(0).max(31_536_000).default(3600),
  TICKETING_PORT_BASE: z.coerce
    .number()
    .int()
    .min(PORT_BASE_RANGE.min)
    .max(PORT_BASE_RANGE.max)
    .default(DEFAULT_PORT_BASE),
  MONGO_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/.+/, 'must be a mongodb:// URI')
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  // Payments' payout settings (DESIGN §12), passed to it when set; its own defaults apply otherwise. The bounds are
  // its own, checked before anything starts.
  PAYOUT_DELAY_SECONDS: z.coerce.number().int().min(0).max(7_776_000).optional(),
  PLATFORM_FEE_BPS: z.coerce.number().int().min(0).max(10_000).optional(),
  // auth's rule for a new password (8 to 128 characters), checked before anything starts.
  ADMIN_PASSWORD: z.string().min(8, 'must be 8 to 128 characters').max(128, 'must be 8 to 128 characters').optional(),
  // Not used here: the parts inherit it and send their traces there (DESIGN §14). Checked so that a typo is reported
  // before anything starts rather than by five services at once.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
});

/** What the CLI runs with. */
export interface StartConfig {
  dataDir: string;
  gatewayPort: number;
  portBase: number;
  expirationWindowSeconds: number;
  /** How far ahead a new event must start (DESIGN §12). */
  eventsMinLeadSeconds: number;
  fresh: boolean;
  mongoUri?: string;
  logLevel: LogLevel;
  /** The seeded admin's password (ADMIN_PASSWORD); generated and kept in the data dir when absent. */
  adminPassword?: string;
  /** How long after an event's start its sellers are paid (PAYOUT_DELAY_SECONDS); payments' default when absent. */
  payoutDelaySeconds?: number;
  /** The platform's fee in basis points (PLATFORM_FEE_BPS); payments' default when absent. */
  platformFeeBps?: number;
  /** The developer's own Stripe account in test mode, instead of the local fake, when its four variables are set. */
  ownStripe?: OwnStripeAccount;
  /** --observe: also run Debian's prometheus, scraping every service (DESIGN §14). */
  observe: boolean;
}

export const USAGE = `usage: npm start [-- --fresh] [-- --observe]

Installs what is missing, builds, and runs Ticketing on this machine: the MongoDB engine, NATS, Redis, the Stripe fake, the
five services, the client and the gateway. Prints "Ticketing is ready at http://localhost:<GATEWAY_PORT>" once every
part answers, and stops everything on Ctrl-C (SIGINT) or SIGTERM.

  --fresh        start on an empty store (empties DATA_DIR first; the demo events and tickets are added again)
  --observe      also run Prometheus (Debian's prometheus, installed with apt-get when missing), scraping every
                 service's /metrics every 5 s, its data in DATA_DIR/prometheus; prints its URL

Environment (passed to every part):
  GATEWAY_PORT               the gateway's port (8080)
  DATA_DIR                   where the stores, logs and secrets live (.data), kept between runs
  EXPIRATION_WINDOW_SECONDS  how long an order holds its ticket (900)
  EVENTS_MIN_LEAD_SECONDS    how far ahead a new event must start (3600; demos and tests use seconds)
  TICKETING_PORT_BASE        moves the parts' ports: client base-1000, services base+1..+5, Stripe fake base+8111 (4000)
  MONGO_URI                  use this MongoDB instead of starting the local engine
  LOG_LEVEL                  the parts' log level (info)
  ADMIN_PASSWORD             the password of the admin admin@ticketing.dev when its account is created (else one is
                             generated, printed once and kept in DATA_DIR/admin.json); never passed to the parts
  PAYOUT_DELAY_SECONDS       how long after an event's start its sellers are paid (payments' default: 86400)
  PLATFORM_FEE_BPS           the platform's fee on each sale, in basis points (payments' default: 1000, 10 %)
  OTEL_EXPORTER_OTLP_ENDPOINT  where the services send their traces (OTLP over HTTP, e.g. http://127.0.0.1:4318);
                             none by default

Your own Stripe account in test mode instead of the local Stripe fake (README "Your own Stripe account"), all four:
  STRIPE_SECRET_KEY          sk_test_… and STRIPE_PUBLISHABLE_KEY pk_test_…, from the Stripe dashboard
  STRIPE_WEBHOOK_SECRET      whsec_…, and STRIPE_CONNECT_WEBHOOK_SECRET (the same one), printed by
                             ${stripeListenCommand(DEFAULT_GATEWAY_PORT)}`;

/** A bad variable or argument; the message lists every problem. */
export class StartConfigError extends Error {
  override readonly name = 'StartConfigError';
}

/**
 * Reads the settings from `env` and `argv` (the arguments after the script). Empty variables count as unset.
 * Returns `'help'` for --help. Throws {@link StartConfigError} naming every bad variable or the unknown argument.
 */
export function readStartConfig(
  env: NodeJS.ProcessEnv,
  argv: readonly string[],
  cwd = process.cwd(),
): StartConfig | 'help' {
  let values: { fresh?: boolean; observe?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { fresh: { type: 'boolean' }, observe: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new StartConfigError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  if (values.help) return 'help';

  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = StartEnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new StartConfigError(`invalid environment for npm start:\n${z.prettifyError(parsed.error)}`);
  }
  const vars = parsed.data;
  const stripe = readOwnStripeAccount(present, vars.GATEWAY_PORT);
  if (stripe.problem) throw new StartConfigError(`invalid environment for npm start:\n${stripe.problem}`);
  return {
    dataDir: path.resolve(cwd, vars.DATA_DIR),
    gatewayPort: vars.GATEWAY_PORT,
    portBase: vars.TICKETING_PORT_BASE,
    expirationWindowSeconds: vars.EXPIRATION_WINDOW_SECONDS,
    eventsMinLeadSeconds: vars.EVENTS_MIN_LEAD_SECONDS,
    fresh: values.fresh === true,
    observe: values.observe === true,
    logLevel: vars.LOG_LEVEL,
    ...(vars.MONGO_URI !== undefined && { mongoUri: vars.MONGO_URI }),
    ...(vars.ADMIN_PASSWORD !== undefined && { adminPassword: vars.ADMIN_PASSWORD }),
    ...(vars.PAYOUT_DELAY_SECONDS !== undefined && { payoutDelaySeconds: vars.PAYOUT_DELAY_SECONDS }),
    ...(vars.PLATFORM_FEE_BPS !== undefined && { platformFeeBps: vars.PLATFORM_FEE_BPS }),
    ...(stripe.account && { ownStripe: stripe.account }),
  };
}
