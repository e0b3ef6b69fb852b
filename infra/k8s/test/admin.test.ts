// DESIGN §12 "Roles": Kubernetes runs the admin command of `npm start` as the Job `admin`: auth's admin CLI from
// auth's image, granting admin to the seeded admin (made with the password of the Secret admin-secret when missing),
// against the same database and Redis as auth's pods.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ADMIN_CLI, ADMIN_EMAIL } from '@ticketing/local';
import { resolvedEnv } from './rules/env';
import { workloads } from './rules/manifests';
import { CLUSTER_SECRETS } from './support/cluster-secrets';
import { loadOverlays } from './support/load';
import { OVERLAYS } from './support/render';

const overlays = loadOverlays();
const REPO_ROOT = path.resolve(__dirname, '../../..');

describe('the admin Job', () => {
  test.each(OVERLAYS)(
    "When the %s overlay is rendered, then a Job runs npm start's admin command from auth's image, on auth's stores",
    (overlay) => {
      const job = workloads(overlays[overlay]).find((w) => w.kind === 'Job' && w.name === 'admin');
      const container = job?.pod.containers?.[0];
      const env = resolvedEnv(overlays[overlay], 'admin', CLUSTER_SECRETS, 'Job');
      const auth = resolvedEnv(overlays[overlay], 'auth', CLUSTER_SECRETS);

      // The image's /app is the repo root (infra/docker/service.Dockerfile), so the CLI is where infra/local runs it.
      expect(container?.command).toEqual(['node', `/app/${ADMIN_CLI}`, 'grant', ADMIN_EMAIL, '--create']);
      expect(existsSync(path.join(REPO_ROOT, 'auth/src/admin-cli.ts'))).toBe(true);
      expect(container?.image).toBe('ticketing/auth');
      expect(env).toEqual({
        MONGO_URI: auth?.MONGO_URI,
        REDIS_URL: auth?.REDIS_URL,
        ADMIN_PASSWORD: CLUSTER_SECRETS['admin-secret']?.ADMIN_PASSWORD,
      });
    },
  );
});
