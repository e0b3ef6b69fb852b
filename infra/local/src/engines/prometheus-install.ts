import { aptInstall } from './apt-install';
import { findOnPath } from './find-on-path';
import type { LogLine } from './types';

/** Debian's prometheus package: the server and its config checker, promtool. */
export interface PrometheusBins {
  readonly prometheus: string;
  readonly promtool: string;
}

// One check per process, as for nginx.
let memo: Promise<PrometheusBins> | undefined;

/**
 * Debian's prometheus (`npm start -- --observe`, DESIGN §14): taken from PATH or /usr/bin, installed with
 * `apt-get install -y --no-install-recommends prometheus` when missing (through `sudo -n` when not root; about 11 s
 * here, measured 2026-12-07 without the `apt-get update`). Where the machine has an init system, Debian's package also
 * starts its own prometheus service on port 9090; npm start never uses that one, it runs its own process with its own
 * config and data. Resolves with the paths of `prometheus` and `promtool`.
 *
 * @throws Error when prometheus is missing and apt-get cannot install it (the message holds apt-get's output).
 */
export function ensurePrometheus(log?: LogLine): Promise<PrometheusBins> {
  memo ??= (async () => {
    if (!findOnPath('prometheus') || !findOnPath('promtool')) await aptInstall(['prometheus'], log);
    const prometheus = findOnPath('prometheus');
    const promtool = findOnPath('promtool');
    if (!prometheus || !promtool) throw new Error('prometheus is still not on PATH after apt-get');
    return { prometheus, promtool };
  })();
  // A failed install is not remembered, so that the next call retries.
  memo.catch(() => (memo = undefined));
  return memo;
}
