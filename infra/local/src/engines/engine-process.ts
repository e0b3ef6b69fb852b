// An engine's process: the launcher's one child-process wrapper (process/child-process.ts), with the engines' stop
// deadline and the binary's name as the mark the reaper checks.
import path from 'node:path';
import { spawnChild, type ChildProcessHandle } from '../process/child-process';

/** How long `stop()` waits after SIGTERM before it sends SIGKILL. */
export const STOP_DEADLINE_MS = 10_000;

export interface EngineProcess extends ChildProcessHandle {
  readonly name: string;
}

export interface SpawnEngineOptions {
  name: string;
  bin: string;
  args: string[];
  cwd: string;
  logFile: string;
  /** What `stop()` sends first (default SIGTERM); SIGKILL follows after {@link STOP_DEADLINE_MS}. */
  stopSignal?: NodeJS.Signals;
  /** Written to the process's stdin, which is then closed: a secret it reads there is not on its command line. */
  stdin?: string;
}

/** Starts the engine and returns at once; throws when `bin` cannot be started or the process cannot be guarded. */
export function spawnEngine({ name, bin, args, cwd, logFile, stopSignal, stdin }: SpawnEngineOptions): EngineProcess {
  const child = spawnChild({
    command: bin,
    args,
    cwd,
    logFile,
    mark: path.basename(bin),
    stopSignal,
    stopDeadlineMs: STOP_DEADLINE_MS,
    stdin,
  });
  if (!child) throw new Error(`${name}: could not start ${bin} (not found or not executable)`);
  return { name, ...child };
}
