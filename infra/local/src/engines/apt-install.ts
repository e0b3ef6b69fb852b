import { findOnPath } from './find-on-path';
import { runCommand } from './run-command';
import type { LogLine } from './types';

/** `apt-get update && apt-get install -y` of Debian packages, through `sudo -n` when not root; throws with the output. */
export async function aptInstall(packages: string[], log?: LogLine): Promise<void> {
  if (!findOnPath('apt-get')) {
    throw new Error(`${packages.join(' and ')} missing, and there is no apt-get here: install them by hand`);
  }
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const run = (args: string[]): Promise<string> => {
    const [command, ...rest] = [...sudo, 'apt-get', ...args];
    return runCommand(command ?? 'apt-get', rest, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      log,
      timeoutMs: 15 * 60_000,
    });
  };
  log?.(`installing ${packages.join(' ')} with apt-get${sudo.length ? ' (sudo)' : ''}`);
  await run(['update']);
  await run(['install', '-y', '--no-install-recommends', ...packages]);
}
