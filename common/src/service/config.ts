import { z } from 'zod';

/** A config that failed validation; `problems` has one line per bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment with a zod object schema, once, at start. Throws {@link ConfigError} listing every bad or
 * missing variable (never only the first), so one failed start tells the operator everything to fix.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): Readonly<z.output<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.map(String).join('.');
        const value = env[name];
        const shown =
          value === undefined
            ? 'not set'
            : name.includes('KEY') || name.includes('SECRET') || name.includes('PASSWORD') || hasUserinfo(value)
              ? 'set (hidden)'
              : JSON.stringify(value);
        return `${name}: ${issue.message} (${shown})`;
      }),
    );
  }
  return Object.freeze(result.data);
}

/** A URL with credentials before its host (`redis://:<password>@…`, `mongodb://user:pass@…`): never printed. */
function hasUserinfo(value: string): boolean {
  return /:\/\/[^\s/?#]*@/.test(value);
}

/** The variables shared by the services, one definition each (names from DESIGN and docs/CONVENTIONS.md). */
export const configFields = {
  PORT: z.coerce.number().int().min(0).max(65_535),
  MONGO_URI: z.string().regex(/^mongodb(\+srv)?:\/\/.+\/[^/?]+/, 'must be a mongodb:// URI with a database name'),
  NATS_URL: z.string().regex(/^nats:\/\/.+/, 'must be a nats:// URL'),
  /**
   * The service's own NATS user and password (DESIGN §10): the server refuses anonymous connections, and lets each
   * user publish only its own subjects. Required everywhere; the launcher and the test kit always pass them.
   */
  NATS_USER: z.string().min(1, 'must name the NATS user'),
  NATS_PASSWORD: z.string().min(1, 'must be set'),
  /** `redis://:<password>@host:port`: Redis requires a password everywhere (DESIGN §10), carried in the URL. */
  REDIS_URL: z.string().regex(/^rediss?:\/\/.+/, 'must be a redis:// URL'),
  JWT_KEY: z.string().min(32, 'must be at least 32 characters'),
  /**
   * The waiting room's pass key (DESIGN §13): queue signs passes with it, orders verifies them. Never the same as
   * JWT_KEY, so a session token cannot pass for a pass nor the reverse.
   */
  QUEUE_PASS_KEY: z.string().min(32, 'must be at least 32 characters'),
  /**
   * The address a service listens on. 127.0.0.1 by default, so a service on a laptop or CI box can be reached only
   * through the gateway on the same machine (which overwrites X-Forwarded-For, DESIGN §8); Kubernetes sets 0.0.0.0,
   * where the pod's network (and its NetworkPolicies) is the boundary. A forgotten HOST fails loudly there (probes
   * never answer) instead of silently exposing a port here.
   */
  HOST: z.union([z.ipv4(), z.ipv6()], { error: 'must be an IP address (127.0.0.1, 0.0.0.0, ::)' }).default('127.0.0.1'),
  /**
   * How many proxies in front of a service append to X-Forwarded-For (Express `trust proxy` as a hop count): the
   * client address is the entry that many hops from the right, never one a client wrote further left. 1 behind the
   * gateway or the ingress; 0 when clients connect directly.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0, 'must be 0 to 10').max(10, 'must be 0 to 10').default(1),
  /**
   * How often a service that honours Idempotency-Key deletes keys past their day (DESIGN §16), where the engine has no
   * TTL index; default 10 minutes, so a key lives at most a day and ten minutes.
   */
  IDEMPOTENCY_KEY_SWEEP_SECONDS: z.coerce
    .number()
    .int()
    .min(1, 'must be 1 to 86400 seconds')
    .max(86_400, 'must be 1 to 86400 seconds')
    .default(600),
  /**
   * How far ahead an event must start when it is created (DESIGN §12): an hour by default; tests and demos use
   * seconds, so an event can start while they run. `npm start` passes it to every part.
   */
  EVENTS_MIN_LEAD_SECONDS: z.coerce
    .number()
    .int()
    .min(0, 'must be 0 to 31536000 seconds')
    .max(31_536_000, 'must be 0 to 31536000 seconds')
    .default(3600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** A flag: "true"/"false"/"1"/"0" (z.stringbool, not z.coerce.boolean, which takes "false" as true). */
  flag: (defaultValue: boolean) => z.stringbool().default(defaultValue),
} as const;

/**
 * The variables every service reads, as one group to spread into its schema: where it listens and whom it trusts, the
 * bus (the streams are deployment's: stream-settings.ts), its Redis, its log level. A service adds what is its own (MONGO_URI, JWT_KEY, …).
 */
export const serviceConfigFields = {
  PORT: configFields.PORT,
  HOST: configFields.HOST,
  TRUSTED_PROXY_HOPS: configFields.TRUSTED_PROXY_HOPS,
  NATS_URL: configFields.NATS_URL,
  NATS_USER: configFields.NATS_USER,
  NATS_PASSWORD: configFields.NATS_PASSWORD,
  /** Sessions' deny-list and throttles (auth, tickets, orders, payments); expiration's job queue. */
  REDIS_URL: configFields.REDIS_URL,
  LOG_LEVEL: configFields.LOG_LEVEL,
} as const;

/** What a service with its own database and user routes adds to {@link serviceConfigFields}. */
export const userServiceConfigFields = {
  ...serviceConfigFields,
  MONGO_URI: configFields.MONGO_URI,
  JWT_KEY: configFields.JWT_KEY,
} as const;
