// nats-server is installed from its Go module at the minor version of infra/k8s's image (nats:2.11.x): Debian's 2.9
// lacks what JetStream clusters and our consumers need. `go install` builds it into the user cache, once.
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { withFileLock } from './file-lock';
import { findOnPath } from './find-on-path';
import { runCommand } from './run-command';
import type { LogLine } from './types';

/** The nats-server release of every local run and test; infra/k8s runs the image `nats:2.11.16`. */
export const NATS_SERVER_VERSION = 'v2.11.16';
const MODULE = 'github.com/nats-io/nats-server/v2';

/** `~/.cache/ticketing/bin/nats-server-v2.11.16/nats-server`: a versioned folder, never clobbering another build. */
export function natsServerCachePath(): string {
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'ticketing', 'bin', `nats-server-${NATS_SERVER_VERSION}`, 'nats-server');
}

/** Whether `bin` runs and reports our pinned version (`nats-server: v2.11.16`). */
export function isNatsServerAtVersion(bin: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(bin, ['--version'], { timeout: 15_000 }, (error, stdout) => {
      resolve(!error && stdout.trim() === `nats-server: ${NATS_SERVER_VERSION}`);
    });
  });
}

/**
 * Finds nats-server at the pinned version (in the cache, then on PATH), or builds it into the cache with
 * `go install` (about a minute cold; Go from the machine, the module from the Go module proxy).
 *
 * @throws Error when Go is missing or the build fails, with the command's output.
 */
export async function installNatsServer(log?: LogLine): Promise<string> {
  const target = natsServerCachePath();
  if (await isNatsServerAtVersion(target)) return target;
  const onPath = findOnPath('nats-server');
  if (onPath && (await isNatsServerAtVersion(onPath))) return onPath;
  if (!findOnPath('go')) throw new Error(`nats-server ${NATS_SERVER_VERSION} is built with Go (https://go.dev/dl/)`);

  const gobin = path.dirname(target);
  await mkdir(gobin, { recursive: true });
  await withFileLock(
    `${gobin}.lock`,
    async () => {
      if (await isNatsServerAtVersion(target)) return;
      log?.(`installing nats-server ${NATS_SERVER_VERSION} with go install (once)`);
      const started = Date.now();
      await runCommand('go', ['install', `${MODULE}@${NATS_SERVER_VERSION}`], {
        // GOWORK off: a go.work of the user's must not pull the build into their workspace.
        env: { ...process.env, GOBIN: gobin, GOWORK: 'off', GOFLAGS: '-mod=mod' },
        log,
        timeoutMs: 20 * 60_000,
      });
      log?.(`installed nats-server ${NATS_SERVER_VERSION} in ${Math.round((Date.now() - started) / 1000)} s`);
    },
    { log },
  );
  if (!(await isNatsServerAtVersion(target))) {
    throw new Error(`nats-server built at ${target} does not report ${NATS_SERVER_VERSION}`);
  }
  return target;
}
