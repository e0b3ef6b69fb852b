import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

// Debian ships nats-server in /usr/sbin, which is not on a normal user's PATH.
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** The first executable file called `name` on PATH (or in the usual system dirs), if any. */
export function findOnPath(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return path.resolve(candidate);
    } catch {
      // not here
    }
  }
  return undefined;
}
