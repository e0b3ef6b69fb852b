// The streams CLI: what deployment runs before any service starts (DESIGN §16). `npm start` runs it against its own
// NATS, and the Kubernetes Job `streams` runs it from a service image (`node /app/common/dist/bus/streams-cli.js`).
// Everything comes from the environment (docs/CONVENTIONS.md): NATS_URL, NATS_USER and NATS_PASSWORD (a user allowed
// to manage streams: `operator`), the stream settings (stream-settings.ts) and NATS_STREAM_CONSUMERS, the durables to
// create, as JSON `{ "<service>": ["<subject>", …] }` (infra/local's EVENT_ROUTES, which a test keeps in step).
// Prints what it did as one JSON line; exits 1 with the reason when it cannot.
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { z } from 'zod';
import { loadConfig } from '../service/config';
import { inboxPrefixFor } from './connect-bus';
import { ensureStreams } from './ensure-streams';
import { StreamSettingsEnv, streamSettingsOf } from './stream-settings';

const StreamsCliEnv = StreamSettingsEnv.extend({
  NATS_URL: z.string().regex(/^nats:\/\/.+/, 'must be a nats:// URL'),
  NATS_USER: z.string().min(1, 'must name the NATS user that manages the streams'),
  NATS_PASSWORD: z.string().min(1, 'must be set'),
  NATS_STREAM_CONSUMERS: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), z.array(z.string().min(1)), { error: 'must be { "<service>": ["<subject>", …] }' })),
});

async function main(): Promise<void> {
  const config = loadConfig(StreamsCliEnv);
  const nc = await connect({
    servers: config.NATS_URL.split(','),
    user: config.NATS_USER,
    pass: config.NATS_PASSWORD,
    name: 'streams',
    inboxPrefix: inboxPrefixFor(config.NATS_USER),
  });
  try {
    const report = await ensureStreams(
      await jetstreamManager(nc),
      streamSettingsOf(config),
      config.NATS_STREAM_CONSUMERS,
    );
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await nc.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`streams: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
