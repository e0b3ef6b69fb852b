// client/Dockerfile against the client as it is. Its full rehearsal (`next build`, minutes) runs only with
// REHEARSE_CLIENT=1 (image-rehearsal.test.ts); these checks take a second. Its COPY sources are checked with the
// other Dockerfiles' (images.test.ts, rule: COPY sources).
import fs from 'node:fs';
import path from 'node:path';
import { planBuild } from './rules/dockerfile';
import { containerOf } from './support/edit';
import { loadManifests, repoRoot } from './support/load';

const plan = planBuild(fs.readFileSync(path.join(repoRoot, 'client/Dockerfile'), 'utf8'));
const nextConfig = fs.readFileSync(path.join(repoRoot, 'client/next.config.ts'), 'utf8');
const client = containerOf(loadManifests('dev'), 'Deployment', 'client');

describe('client/Dockerfile', () => {
  test('When the build stage runs next build, then it asks for the standalone output that next.config.ts honours', () => {
    const build = plan.stages.find((s) => s.name === 'build');

    expect(build?.env.NEXT_OUTPUT).toBe('standalone');
    expect(nextConfig).toMatch(/process\.env\.NEXT_OUTPUT === 'standalone'/);
    // Tracing from the repo root is what puts the server at .next/standalone/client/server.js.
    expect(nextConfig).toMatch(/outputFileTracingRoot: path\.join\(__dirname, '\.\.'\)/);
  });

  test("When the image starts, then it runs the standalone server from the build's .next/standalone", () => {
    expect(plan.target).toMatchObject({ workdir: '/app', user: 'node', cmd: { argv: ['node', 'client/server.js'] } });
    expect(plan.target.steps).toContainEqual(
      expect.objectContaining({ kind: 'copy', sources: ['/app/client/.next/standalone'], dest: '/app' }),
    );
  });

  test('When Kubernetes probes the client, then each probe path is a route of the app', () => {
    const paths = [client.readinessProbe?.httpGet?.path, client.livenessProbe?.httpGet?.path];

    for (const probePath of paths) {
      expect(probePath).toBeDefined();
      const route = ['ts', 'tsx', 'js'].map((ext) => path.join(repoRoot, 'client/app', `${probePath}/route.${ext}`));
      expect({ probePath, exists: route.some((file) => fs.existsSync(file)) }).toEqual({ probePath, exists: true });
    }
  });
});
