import { readdirSync, readFileSync } from 'node:fs';
import { eventually } from './eventually';

/** The state letter of each thread of `pid` (`R`, `S`, `T`…), from /proc; undefined where there is no /proc. */
function threadStates(pid: number): string[] | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  return tids.map((tid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '';
    } catch {
      return 'gone'; // a thread that ended meanwhile is not running either
    }
  });
}

/** Whether every thread of `pid` is stopped (true where there is no /proc to tell). */
export function isStopped(pid: number): boolean {
  return threadStates(pid)?.every((state) => state === 'T' || state === 't' || state === 'gone') ?? true;
}

/**
 * Freezes a process (fault tests): SIGSTOP, then waits until the kernel reports every thread stopped. The stop is
 * not immediate: a thread busy on another core, on a loaded machine, can go on serving for a moment after kill()
 * returns (seen: a NATS server still delivered two messages). Where /proc is missing it resolves at once.
 * Always {@link thawProcess} in a `finally`: a stopped process ignores SIGTERM until it is continued.
 */
export async function freezeProcess(pid: number): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  await eventually(() => isStopped(pid), `process ${pid} stopped`, { timeoutMs: 5_000, intervalMs: 5 });
}

/** Continues a process frozen by {@link freezeProcess}; one already running, or gone, is not an error. */
export function thawProcess(pid: number): void {
  try {
    process.kill(pid, 'SIGCONT');
  } catch {
    // already gone
  }
}
