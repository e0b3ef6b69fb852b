// One `npm start` per data dir: two systems on one store would corrupt it (two database engines on the same H2 file),
// and the second one would otherwise fail later with a bare "address already in use".
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { pidExists, procStat } from '../process/pids';

/** What the lock file holds. */
export interface LockInfo {
  pid: number;
  /** The process's start time from /proc (clock ticks since boot), so a PID reused by another process is not us. */
  startTime?: string;
  url: string;
  startedAt: string;
}

/** Another `npm start` holds this data dir; the message says which process and how to stop it. */
export class AlreadyRunningError extends Error {
  override readonly name = 'AlreadyRunningError';
  constructor(
    readonly holder: LockInfo,
    readonly lockFile: string,
  ) {
    super(
      `Ticketing is already running from this data dir (pid ${holder.pid}, ${holder.url}, since ${holder.startedAt}). ` +
        `Open ${holder.url}, or stop it first (Ctrl-C where it runs, or \`kill -INT ${holder.pid}\`), or set DATA_DIR ` +
        `to another folder (lock file: ${lockFile}).`,
    );
  }
}

/** A held lock; `release()` removes the file if it is still ours. Idempotent. */
export interface RunLock {
  release(): Promise<void>;
}

/**
 * Takes the lock file (created exclusively), or throws {@link AlreadyRunningError} when a live process holds it. A
 * lock left by a process that is gone (killed with SIGKILL, machine restarted) is taken over.
 */
export async function acquireRunLock(lockFile: string, url: string): Promise<RunLock> {
  const mine: LockInfo = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    url,
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(lockFile, `${JSON.stringify(mine)}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
    }
    const holder = await readLock(lockFile);
    if (holder && isRunning(holder)) throw new AlreadyRunningError(holder, lockFile);
    // Stale (or unreadable: a writer that died mid-write): take it over.
    await unlink(lockFile).catch(() => undefined);
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      const holder = await readLock(lockFile);
      if (holder?.pid === mine.pid && holder.startedAt === mine.startedAt)
        await unlink(lockFile).catch(() => undefined);
    },
  };
}

/** The lock's content, or undefined when there is none or it is unreadable. */
export async function readLock(lockFile: string): Promise<LockInfo | undefined> {
  try {
    const parsed = JSON.parse(await readFile(lockFile, 'utf8')) as Partial<LockInfo>;
    if (typeof parsed.pid !== 'number' || typeof parsed.url !== 'string') return undefined;
    return {
      pid: parsed.pid,
      startTime: parsed.startTime,
      url: parsed.url,
      startedAt: String(parsed.startedAt ?? '?'),
    };
  } catch {
    return undefined;
  }
}

/** Whether the process that wrote `info` still runs: signalable, and (where /proc says) the same process. */
export function isRunning(info: LockInfo): boolean {
  if (!pidExists(info.pid)) return false;
  const now = processStartTime(info.pid);
  return info.startTime === undefined || now === undefined || now === info.startTime;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); undefined where there is no /proc. */
export function processStartTime(pid: number): string | undefined {
  return procStat(pid)?.[19];
}
