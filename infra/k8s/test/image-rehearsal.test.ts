// The image rehearsal: each image skaffold builds is built the way its Dockerfile says, without Docker (the instructions
// are read from the Dockerfile, not repeated here: support/rehearsal.ts), then started with its Deployment's environment
// against real engines, until its readiness probe answers 200. A Dockerfile that would build a broken image (a COPY
// left out, a dependency installed only as a dev one, a CMD pointing at the wrong file) fails here.
//
// Slow by nature (`npm ci` and `tsc -b` for real, about two minutes for the five services): the services' shared
// compile stage is built once and reused, as Docker reuses it. The client's `next build` takes minutes more, so its
// rehearsal runs only with REHEARSE_CLIENT=1; its COPY sources are checked statically in images.test.ts.
import { freePort } from '@ticketing/testing';
import { BUS_USERS, newBusCredentials, startEngines, type BusCredentials, type Engines } from '@ticketing/local';
import fs from 'node:fs';
import path from 'node:path';
import type { ArtifactBuild } from './rules/build-context';
import { resolvedEnv } from './rules/env';
import { workloads } from './rules/manifests';
import { CLUSTER_SECRETS } from './support/cluster-secrets';
import { dockerignoreFor, loadArtifactBuilds, loadManifests, loadSkaffold, repoRoot } from './support/load';
import { Rehearsal, startImage, type BuildOptions, type RehearsedImage, type RunningImage } from './support/rehearsal';

const STEP_TIMEOUT_MS = 5 * 60_000;
const READY_TIMEOUT_MS = 60_000;
// The services' shutdown deadline is 10 s (availability.test.ts); Kubernetes allows 20 s.
const STOP_GRACE_MS = 15_000;

const manifests = loadManifests('dev');
const artifacts = loadArtifactBuilds(loadSkaffold()).filter(
  (a) => a.image !== 'ticketing/client' || process.env.REHEARSE_CLIENT === '1',
);

/** The Deployment that runs an image: its name, and the path its readiness probe asks. */
function deploymentRunning(image: string): { name: string; readyPath: string } {
  for (const workload of workloads(manifests)) {
    const container = workload.pod.containers?.find((c) => c.image === image);
    const readyPath = container?.readinessProbe?.httpGet?.path;
    if (workload.kind === 'Deployment' && readyPath) return { name: workload.name, readyPath };
  }
  throw new Error(`no Deployment runs ${image} with an httpGet readiness probe`);
}

/** A workload's environment with the cluster's addresses pointed at this test's engines and a free port. */
function localEnv(workload: string, engines: Engines, port: number, kind = 'Deployment'): Record<string, string> {
  const env = resolvedEnv(manifests, workload, CLUSTER_SECRETS, kind) ?? {};
  const local: Record<string, (clusterValue: string) => string> = {
    PORT: () => String(port),
    // Same database name as in the cluster (`mongodb://auth-mongo:27017/auth` → `<local>/auth`).
    MONGO_URI: (value) => `${engines.mongoUri}${new URL(value).pathname}`,
    NATS_URL: () => engines.natsUrl,
    REDIS_URL: () => engines.redisUrl,
  };
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, local[key]?.(value) ?? value]));
}

/**
 * The engines' NATS users with the passwords the cluster's Secrets stand in for (`nats-<user>`), so that each service
 * logs in with what its Deployment reads, as in the cluster (a user with no Secret, the test kit, gets a random one).
 */
function clusterBusCredentials(): BusCredentials {
  const fresh = newBusCredentials();
  const passwords = Object.fromEntries(
    BUS_USERS.map((user) => [user, CLUSTER_SECRETS[`nats-${user}`]?.NATS_PASSWORD ?? fresh.passwords[user]]),
  ) as BusCredentials['passwords'];
  return { passwords, routePassword: fresh.routePassword };
}

async function waitUntilReady(running: RunningImage, url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited = false;
  void running.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`it exited before ${url} answered 200:\n${running.output().slice(-4000)}`);
    const status = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (res) => res.status,
      () => undefined,
    );
    if (status === 200) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${url} did not answer 200 within ${READY_TIMEOUT_MS} ms (last: ${status}):\n${running.output().slice(-4000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

let rehearsal: Rehearsal;
let engines: Engines;
const started = Date.now();

beforeAll(async () => {
  rehearsal = Rehearsal.create();
  const enginesStarted = Date.now();
  engines = await startEngines({
    dataDir: path.join(rehearsal.workRoot, 'engines'),
    busCredentials: clusterBusCredentials(),
  });
  rehearsal.timings.push({ image: '-', step: 'engines started', ms: Date.now() - enginesStarted });
}, 180_000);

afterAll(async () => {
  await engines?.stop();
  if (!rehearsal) return;
  rehearsal.cleanup();
  const lines = rehearsal.timings.map((t) => `${(t.ms / 1000).toFixed(1).padStart(6)} s  ${t.image}  ${t.step}`);
  console.log(`image rehearsal, ${((Date.now() - started) / 1000).toFixed(0)} s in all:\n${lines.join('\n')}`);
}, 60_000);

function buildOptions(artifact: ArtifactBuild): BuildOptions {
  return {
    image: artifact.image,
    contextDir: repoRoot,
    dockerfile: artifact.dockerfile,
    buildArgs: artifact.buildArgs,
    ignoreText: dockerignoreFor(artifact.dockerfile),
    stepTimeoutMs: STEP_TIMEOUT_MS,
  };
}

/** Builds the image of the Job `name` as its Dockerfile says; the image and the Job's command. */
async function buildJobImage(name: string): Promise<{ built: RehearsedImage; command: string[] }> {
  const job = workloads(manifests).find((w) => w.kind === 'Job' && w.name === name);
  const container = job?.pod.containers?.[0];
  const artifact = artifacts.find((a) => a.image === container?.image);
  if (!container?.command || !artifact) throw new Error(`no Job/${name} with a command and a skaffold image`);
  return { built: await rehearsal.build(buildOptions(artifact)), command: container.command };
}

describe('image rehearsal (the Dockerfiles replayed without Docker)', () => {
  // First: the services refuse to start without the streams (DESIGN §16), which deployment makes with this Job.
  test(
    "When the streams Job's image is built and its command run with the Job's environment, then it makes the streams and exits 0",
    async () => {
      const { built, command } = await buildJobImage('streams');

      const running = startImage(built, localEnv('streams', engines, 0, 'Job'), command);
      const exit = await running.exited;

      expect({ exit, output: running.output() }).toEqual({
        exit: { code: 0, signal: null },
        output: expect.stringMatching(/"TICKETING":"created","TICKETING_ARCHIVE":"created","DEAD_LETTERS":"created"/),
      });
    },
    15 * 60_000,
  );

  // The seeded admin (DESIGN §12 "Roles"): auth's admin command from auth's image, on the stores it names, twice (every
  // deploy runs it again): the account is made and granted once, then nothing changes.
  test(
    "When the admin Job's image is built and its command run twice with the Job's environment, then the admin is made once and exits 0",
    async () => {
      const { built, command } = await buildJobImage('admin');

      const first = startImage(built, localEnv('admin', engines, 0, 'Job'), command);
      const firstExit = await first.exited;
      const second = startImage(built, localEnv('admin', engines, 0, 'Job'), command);
      const secondExit = await second.exited;

      expect({ exit: firstExit, output: first.output() }).toEqual({
        exit: { code: 0, signal: null },
        output: expect.stringMatching(
          /created the account admin@ticketing\.dev[\s\S]*admin granted to admin@ticketing\.dev/,
        ),
      });
      expect({ exit: secondExit, output: second.output() }).toEqual({
        exit: { code: 0, signal: null },
        output: expect.stringMatching(/^admin@ticketing\.dev \(user \w+\) already holds admin; nothing changed\n$/),
      });
    },
    15 * 60_000,
  );

  test.each(artifacts.map((a) => [a.image, a] as const))(
    'When %s is built as its Dockerfile says and started, then its readiness probe answers 200 and SIGTERM stops it with 0',
    async (image, artifact) => {
      const { name, readyPath } = deploymentRunning(image);
      const built = await rehearsal.build(buildOptions(artifact));
      const port = await freePort();

      const running = startImage(built, localEnv(name, engines, port));
      const notReady = await waitUntilReady(running, `http://127.0.0.1:${port}${readyPath}`).catch(
        (error: Error) => error,
      );
      const exit = await running.stop(STOP_GRACE_MS);

      if (notReady) throw notReady;
      expect(exit).toEqual({ code: 0, signal: null });
    },
    15 * 60_000,
  );

  // The same replay on a deliberately broken copy: without common's compiled folder the image builds but cannot start.
  // Only the last stage differs, so the stages built above are reused and this takes seconds.
  test(
    'When the final stage leaves out COPY of common/dist, then the image exits before it is ready and the output says why',
    async () => {
      const artifact = artifacts.find((a) => a.image === 'ticketing/tickets') as ArtifactBuild;
      const text = fs.readFileSync(path.join(repoRoot, artifact.dockerfile), 'utf8');
      const broken = text.replace(/^COPY --from=build \/app\/common\/dist common\/dist\n/m, '');
      expect(broken).not.toBe(text);
      const built = await rehearsal.build({ ...buildOptions(artifact), text: broken });
      const port = await freePort();

      const running = startImage(built, localEnv('tickets', engines, port));
      const notReady = await waitUntilReady(running, `http://127.0.0.1:${port}/readyz`).catch((error: Error) => error);
      await running.stop(STOP_GRACE_MS);

      expect(notReady?.message).toMatch(/exited before .* answered 200:[\s\S]*Cannot find module/);
    },
    15 * 60_000,
  );
});
