// `node infra/stripe-fake/dist/cli.js [--port 12111] [--host 127.0.0.1] [--latency-ms 0] [webhook options]`: runs
// the fake for `npm start` and by hand. Logs JSON lines (pino) to stdout; stops cleanly on SIGINT or SIGTERM.
// Webhooks: --webhook-url/--webhook-secret (the platform's endpoint), --connect-webhook-url/--connect-webhook-secret
// (the Connect endpoint), --webhook-retry-base-ms, --webhook-max-attempts; each URL or secret may instead come from
// STRIPE_FAKE_WEBHOOK_URL, STRIPE_WEBHOOK_SECRET, STRIPE_FAKE_CONNECT_WEBHOOK_URL, STRIPE_CONNECT_WEBHOOK_SECRET.
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { z } from 'zod';
import { startStripeFake } from './index';

const DEFAULT_PORT = 12111;
const SHUTDOWN_DEADLINE_MS = 5_000;

const url = z.url({ protocol: /^https?$/ });

const Args = z
  .object({
    port: z.coerce.number().int().min(0).max(65_535).default(DEFAULT_PORT),
    host: z.string().min(1).default('127.0.0.1'),
    'latency-ms': z.coerce.number().int().min(0).default(0),
    'webhook-url': url.optional(),
    'webhook-secret': z.string().min(1).optional(),
    'connect-webhook-url': url.optional(),
    'connect-webhook-secret': z.string().min(1).optional(),
    'webhook-retry-base-ms': z.coerce.number().int().min(0).default(1_000),
    'webhook-max-attempts': z.coerce.number().int().min(1).max(50).default(8),
    'dispute-delay-ms': z.coerce.number().int().min(0).default(100),
  })
  .check((context) => {
    // A URL without its secret could only send signatures nobody can check: refuse it. A secret without a URL is
    // fine (the launcher may share the secret with payments through the environment and set no endpoint).
    for (const prefix of ['webhook', 'connect-webhook'] as const) {
      if (context.value[`${prefix}-url`] !== undefined && context.value[`${prefix}-secret`] === undefined) {
        context.issues.push({
          code: 'custom',
          input: context.value,
          path: [`${prefix}-secret`],
          message: `--${prefix}-url needs --${prefix}-secret`,
        });
      }
    }
  });

const STRING_OPTIONS = [
  'port',
  'host',
  'latency-ms',
  'webhook-url',
  'webhook-secret',
  'connect-webhook-url',
  'connect-webhook-secret',
  'webhook-retry-base-ms',
  'webhook-max-attempts',
  'dispute-delay-ms',
] as const;

// The environment fills what the command line leaves out (the launcher shares the secrets with payments this way).
const ENV_FALLBACKS = {
  'webhook-url': 'STRIPE_FAKE_WEBHOOK_URL',
  'webhook-secret': 'STRIPE_WEBHOOK_SECRET',
  'connect-webhook-url': 'STRIPE_FAKE_CONNECT_WEBHOOK_URL',
  'connect-webhook-secret': 'STRIPE_CONNECT_WEBHOOK_SECRET',
} as const;

function withEnvironment(values: Record<string, string | undefined>): Record<string, string | undefined> {
  const merged = { ...values };
  for (const [option, variable] of Object.entries(ENV_FALLBACKS)) {
    const fromEnv = process.env[variable];
    if (merged[option] === undefined && fromEnv !== undefined && fromEnv !== '') merged[option] = fromEnv;
  }
  return merged;
}

async function main(): Promise<void> {
  const logger = pino({ name: 'stripe-fake', level: process.env['LOG_LEVEL'] ?? 'info' });
  const { values } = parseArgs({
    options: Object.fromEntries(STRING_OPTIONS.map((name) => [name, { type: 'string' as const }])),
    strict: true,
  });
  const parsed = Args.safeParse(withEnvironment(values as Record<string, string | undefined>));
  if (!parsed.success) {
    logger.fatal({ issues: z.prettifyError(parsed.error) }, 'invalid arguments');
    process.exit(2);
  }
  const { port, host, 'latency-ms': latencyMs, 'dispute-delay-ms': disputeDelayMs, ...hooks } = parsed.data;
  const endpoint = (target: string | undefined, secret: string | undefined) =>
    target !== undefined && secret !== undefined ? { url: target, secret } : null;
  const webhooks = {
    platform: endpoint(hooks['webhook-url'], hooks['webhook-secret']),
    connect: endpoint(hooks['connect-webhook-url'], hooks['connect-webhook-secret']),
    retryBaseMs: hooks['webhook-retry-base-ms'],
    maxAttempts: hooks['webhook-max-attempts'],
  };

  const fake = await startStripeFake({ port, host, latencyMs, logger, webhooks, disputeDelayMs });
  logger.info(
    {
      url: fake.url,
      port: fake.port,
      latencyMs,
      webhookUrl: webhooks.platform?.url ?? null,
      connectWebhookUrl: webhooks.connect?.url ?? null,
    },
    'stripe fake listening (state is in memory only)',
  );

  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'stopping');
    // A hard deadline, in case a client holds a request open: exit anyway, with a failure status.
    setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
    fake.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // pino may not exist yet (a bad import); stderr is the one place left.
  process.stderr.write(`${JSON.stringify({ level: 60, msg: 'stripe fake failed to start', err: String(error) })}\n`);
  process.exit(1);
});
