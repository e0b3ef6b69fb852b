// What the launcher asks of a process by its PID: a signal, whether it exists, and what /proc says of it. Node's
// built-ins only, since the reaper (reaper.ts) imports it.
import { readFileSync } from 'node:fs';

/** Sends a signal to a PID; a process that is already gone is not an error. */
export function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already exited
  }
}

/** Whether a process has this PID: signal 0 reaches it, or it exists but is not ours to signal (EPERM). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The fields of `/proc/<pid>/stat` after the command name, from field 3 on: `[0]` the state (`Z` for a zombie), `[1]`
 * the parent PID, `[19]` the start time (field 22). Undefined when the process is gone or there is no /proc.
 */
export function procStat(pid: number | 'self'): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may itself hold spaces and ")": the fields start after its last ")".
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** This process's parent as it is now: process.ppid is read once at startup in Node 20. Undefined without /proc. */
export function liveParentPid(): number | undefined {
  const fields = procStat('self');
  return fields === undefined ? undefined : Number(fields[1]);
}
