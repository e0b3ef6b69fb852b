// One engine child process: spawned with its output appended to a log file (not a pipe, so an engine never dies of
// SIGPIPE when its parent is gone, and the parent has nothing to drain), guarded until it exits, stoppable by PID.
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { guardPid, releasePid } from './process-guard';
import { signalPid, stopProcess } from './stop-process';

/** How long `stop()` waits after SIGTERM before it sends SIGKILL. */
export const STOP_DEADLINE_MS = 10_000;

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EngineProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves when the process has exited and been reaped. */
  readonly exited: Promise<ExitInfo>;
  exitInfo(): ExitInfo | undefined;
  /** The last `lines` lines this process wrote (only what it wrote since this start, not older runs in the file). */
  logTail(lines?: number): string;
  stop(): Promise<void>;
  kill(): void;
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

export function spawnEngine({ name, bin, args, cwd, logFile, stopSignal, stdin }: SpawnEngineOptions): EngineProcess {
  const fd = openSync(logFile, 'a');
  const logStart = fstatSync(fd).size;
  let child;
  try {
    child = spawn(bin, args, { cwd, stdio: [stdin === undefined ? 'ignore' : 'pipe', fd, fd] });
  } finally {
    closeSync(fd);
  }
  // An engine that exits before reading it closes the pipe: EPIPE then, which its exit already reports.
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(stdin);
  const pid = child.pid;
  if (pid === undefined) {
    // spawn reports ENOENT/EACCES asynchronously; swallow that event, the throw below says it.
    child.on('error', () => undefined);
    throw new Error(`${name}: could not start ${bin} (not found or not executable)`);
  }

  let exit: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      releasePid(pid);
      resolve(exit);
    });
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= stopProcess(pid, exited, () => exit !== undefined, STOP_DEADLINE_MS, stopSignal);
    return stopping;
  };

  try {
    guardPid(pid, path.basename(bin), stop);
  } catch (error) {
    // Not guarded means nothing would stop it if we died: do not leave it running.
    signalPid(pid, 'SIGKILL');
    throw error;
  }

  return {
    name,
    pid,
    logFile,
    exited,
    exitInfo: () => exit,
    logTail: (lines = 20) => readTail(logFile, logStart, lines),
    stop,
    kill: () => signalPid(pid, 'SIGKILL'),
  };
}

function readTail(file: string, from: number, lines: number): string {
  const maxBytes = 64 * 1024;
  try {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      const start = Math.max(from, size - maxBytes);
      const buffer = Buffer.alloc(Math.max(0, size - start));
      readSync(fd, buffer, 0, buffer.length, start);
      return buffer.toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}
