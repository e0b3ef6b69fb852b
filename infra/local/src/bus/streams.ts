// Deployment's part of the bus (DESIGN §16): the streams and every service's durable, made by common's streams CLI
// before any service starts. `npm start` and the jest harness run it here; the Kubernetes Job `streams` runs the same
// file from a service image, with NATS_STREAM_CONSUMERS from a ConfigMap that infra/k8s's tests keep equal to this.
import path from 'node:path';
import { runCommand } from '../engines/run-command';
import { BUS_SERVICES, subjectsConsumedBy } from './event-routes';

/** Which subjects each service consumes, as the streams CLI takes it (NATS_STREAM_CONSUMERS): one durable each. */
export function streamConsumers(): Record<string, string[]> {
  return Object.fromEntries(
    BUS_SERVICES.map((service) => [service, subjectsConsumedBy(service)] as const).filter(([, s]) => s.length > 0),
  );
}

/** The streams CLI, built with common (`tsc -b`), from the repo root. */
export const STREAMS_CLI = 'common/dist/bus/streams-cli.js';

/** Where NATS is and the login that may manage streams (`operator`), plus stream settings as the CLI's variables. */
export interface MakeStreamsOptions {
  repoRoot: string;
  natsUrl: string;
  user: string;
  password: string;
  /** NATS_STREAM_REPLICAS, NATS_STREAM_MAX_BYTES, NATS_ARCHIVE_MAX_AGE_SECONDS, NATS_ARCHIVE_MAX_BYTES (optional). */
  settings?: Record<string, string>;
}

/**
 * Runs the streams CLI: creates or updates TICKETING, TICKETING_ARCHIVE and DEAD_LETTERS and every service's durable.
 * Resolves the CLI's one-line JSON report; rejects with its output when it fails.
 */
export async function makeStreams(options: MakeStreamsOptions): Promise<string> {
  const output = await runCommand(process.execPath, [path.join(options.repoRoot, STREAMS_CLI)], {
    cwd: options.repoRoot,
    env: {
      PATH: process.env.PATH,
      ...options.settings,
      NATS_URL: options.natsUrl,
      NATS_USER: options.user,
      NATS_PASSWORD: options.password,
      NATS_STREAM_CONSUMERS: JSON.stringify(streamConsumers()),
    },
    timeoutMs: 60_000,
  });
  return output.trim();
}
