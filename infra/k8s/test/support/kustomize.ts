// kustomize renders the overlays these checks read (DESIGN §11). It is built from its Go module at a pinned version,
// into the user cache, by the test run itself (globalSetup), the way infra/local installs nats-server: nothing
// installed by hand is relied on, and a kustomize of another version on PATH is never used.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findOnPath, withFileLock } from '@ticketing/local';

/**
 * The kustomize release of every render. v5.8.2 is the newest whose go.mod builds with this machine's Go 1.26
 * (kustomize/api v0.21.2, `go 1.26.0`); v5.8.3 asks for Go 1.27.
 */
export const KUSTOMIZE_VERSION = 'v5.8.2';
const MODULE = 'sigs.k8s.io/kustomize/kustomize/v5';

/** `~/.cache/ticketing/bin/kustomize-v5.8.2/kustomize`: a versioned folder, never clobbering another build. */
export function kustomizeCachePath(): string {
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'ticketing', 'bin', `kustomize-${KUSTOMIZE_VERSION}`, 'kustomize');
}

/** Whether `bin` runs and reports the pinned version (`kustomize version` prints `v5.8.2`). */
export function isKustomizeAtVersion(bin: string): boolean {
  if (!fs.existsSync(bin)) return false;
  try {
    return execFileSync(bin, ['version'], { timeout: 15_000, encoding: 'utf8' }).trim() === KUSTOMIZE_VERSION;
  } catch {
    return false;
  }
}

/**
 * The pinned kustomize, for the loaders. Synchronous, because the test files read the rendered overlays when they are
 * collected; the install itself is the globalSetup's job (test/support/global-setup.ts).
 *
 * @throws Error when the cached binary is missing or reports another version.
 */
export function kustomizeBinary(): string {
  const bin = kustomizeCachePath();
  if (isKustomizeAtVersion(bin)) return bin;
  throw new Error(
    `kustomize ${KUSTOMIZE_VERSION} is not at ${bin}: run these tests with \`npx jest -c infra/k8s/jest.config.js\`, whose globalSetup installs it`,
  );
}

/**
 * Builds kustomize into the cache with `go install` when it is not there at the pinned version (about half a minute
 * cold), under a lock file so that two jest runs starting at once build it once. Go comes from the machine, the
 * module from the Go module proxy; GOTOOLCHAIN=local, so a version that needs a newer Go fails here instead of
 * downloading a toolchain.
 *
 * @throws Error when Go is missing, the build fails (with go's output), or the result reports another version.
 */
export async function installKustomize(log: (line: string) => void = () => undefined): Promise<string> {
  const target = kustomizeCachePath();
  if (isKustomizeAtVersion(target)) return target;
  const go = findOnPath('go');
  if (!go)
    throw new Error(`kustomize ${KUSTOMIZE_VERSION} is built with Go (https://go.dev/dl/), which is not on PATH`);

  const gobin = path.dirname(target);
  fs.mkdirSync(gobin, { recursive: true });
  await withFileLock(`${gobin}.lock`, async () => {
    if (isKustomizeAtVersion(target)) return;
    log(`installing kustomize ${KUSTOMIZE_VERSION} with go install (once)`);
    const started = Date.now();
    try {
      await promisify(execFile)(go, ['install', `${MODULE}@${KUSTOMIZE_VERSION}`], {
        // GOWORK off: a go.work of the user's must not pull the build into their workspace.
        env: { ...process.env, GOBIN: gobin, GOWORK: 'off', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' },
        timeout: 20 * 60_000,
        maxBuffer: 16 * 2 ** 20,
      });
    } catch (error) {
      const { stderr } = error as { stderr?: string };
      throw new Error(`\`go install ${MODULE}@${KUSTOMIZE_VERSION}\` failed:\n${stderr ?? String(error)}`, {
        cause: error,
      });
    }
    log(`installed kustomize ${KUSTOMIZE_VERSION} in ${Math.round((Date.now() - started) / 1000)} s`);
  });
  if (!isKustomizeAtVersion(target)) {
    throw new Error(`kustomize built at ${target} does not report ${KUSTOMIZE_VERSION}`);
  }
  return target;
}
