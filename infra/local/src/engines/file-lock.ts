import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { pidExists } from '../process/pids';
import type { LogLine } from './types';

/**
 * Runs `fn` while holding a lock file (created exclusively, holding our PID), so that two launchers starting at once
 * (two jest runs) do not both build an engine. A lock whose PID is dead is taken over. Worst case (two processes take
 * over the same stale lock at once) both run `fn`; callers make `fn` safe for that (build to a temp file, rename).
 */
export async function withFileLock<T>(
  lockFile: string,
  fn: () => Promise<T>,
  { log, timeoutMs = 15 * 60_000 }: { log?: LogLine; timeoutMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
    // An empty file is a lock being written right now, unless it has been empty for a while (its writer died).
    const stale = holder ? !pidExists(holder) : await olderThan(lockFile, 10_000);
    if (stale) {
      await unlink(lockFile).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockFile} (held by pid ${holder})`);
    if (!announced) log?.(`waiting for pid ${holder}, which holds ${lockFile}`);
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  try {
    return await fn();
  } finally {
    await unlink(lockFile).catch(() => undefined);
  }
}

async function olderThan(file: string, ms: number): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  return !info || Date.now() - info.mtimeMs > ms;
}
