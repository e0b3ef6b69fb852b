import { aptInstall } from './apt-install';
import { findOnPath } from './find-on-path';
import type { LogLine } from './types';

// One check per process: every gateway started by a test file would otherwise look again.
let memo: Promise<string> | undefined;

/**
 * Debian's nginx (the local gateway, ingress-nginx's stand-in): taken from PATH or /usr/sbin, installed with
 * `apt-get install -y nginx` when missing (through `sudo -n` when not root), as redis-server is. Resolves with its
 * path. Where the machine has an init system, Debian's package also starts nginx's own system service on port 80;
 * the gateway never uses that one, it runs its own process with its own config.
 *
 * @throws Error when nginx is missing and apt-get cannot install it (the message holds apt-get's output).
 */
export function ensureNginx(log?: LogLine): Promise<string> {
  memo ??= (async () => {
    if (!findOnPath('nginx')) await aptInstall(['nginx'], log);
    const nginx = findOnPath('nginx');
    if (!nginx) throw new Error('nginx is still not on PATH after apt-get');
    return nginx;
  })();
  // A failed install is not remembered, so that the next call retries.
  memo.catch(() => (memo = undefined));
  return memo;
}
