// DESIGN §16: the streams are deployment's. A Job makes them, with every service's durable, from common's streams CLI
// and infra/local's route table; no service's NATS user may create or update a stream (nats-auth.test.ts compares
// nats.conf with infra/local's permission table, which grants none).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { streamConsumers } from '@ticketing/local';
import { resolvedEnv } from './rules/env';
import { workloads } from './rules/manifests';
import { CLUSTER_SECRETS } from './support/cluster-secrets';
import { loadOverlays } from './support/load';
import { OVERLAYS } from './support/render';

const overlays = loadOverlays();
const REPO_ROOT = path.resolve(__dirname, '../../..');

describe('the streams Job', () => {
  test.each(OVERLAYS)(
    "When the %s overlay is rendered, then a Job runs common's streams CLI as operator with infra/local's consumers",
    (overlay) => {
      const job = workloads(overlays[overlay]).find((w) => w.kind === 'Job' && w.name === 'streams');
      const container = job?.pod.containers?.[0];
      const env = resolvedEnv(overlays[overlay], 'streams', CLUSTER_SECRETS, 'Job');

      expect(container?.command).toEqual(['node', '/app/common/dist/bus/streams-cli.js']);
      // The image's /app is the repo root (infra/docker/service.Dockerfile): the CLI's source is common's.
      expect(existsSync(path.join(REPO_ROOT, 'common/src/bus/streams-cli.ts'))).toBe(true);
      expect(container?.image).toMatch(/^ticketing\/(auth|tickets|orders|expiration|payments|queue)$/);
      expect(env).toMatchObject({ NATS_URL: 'nats://nats:4222', NATS_USER: 'operator' });
      expect(JSON.parse(env?.NATS_STREAM_CONSUMERS ?? 'null')).toEqual(streamConsumers());
    },
  );
});
