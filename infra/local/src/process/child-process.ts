// One child process of the launcher, an engine or a part of `npm start` alike: spawned with its output appended to a
// log file (not a pipe, so a child never blocks or dies of SIGPIPE because its parent is slow or gone, and the parent
// has nothing to drain), guarded until it exits (process-guard.ts: stopped on our exit, on SIGINT/SIGTERM, and by the
// reaper if we are SIGKILLed), and stoppable by PID.
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { signalPid } from './pids';
import { guardPid, releasePid } from './process-guard';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** How to run one child process. */
export interface SpawnChildOptions {
  command: string;
  args: readonly string[];
  cwd: string;
  /** The child's whole environment; default: this process's own. */
  env?: Readonly<Record<string, string>>;
  /** Receives the child's stdout and stderr, appended. */
  logFile: string;
  /** Written to the log file before the child starts; not part of {@link ChildProcessHandle.logTail}. */
  header?: string;
  /** A string of its command line that the reaper checks before it signals the PID (PID reuse). */
  mark: string;
  /** What `stop()` sends first (default SIGTERM; nginx stops gracefully on SIGQUIT). */
  stopSignal?: NodeJS.Signals;
  /** How long `stop()` waits after `stopSignal` before it sends SIGKILL. */
  stopDeadlineMs: number;
  /** Written to the child's stdin, which is then closed: a secret it reads there is not on its command line. */
  stdin?: string;
}

/** One run of a child process. */
export interface ChildProcessHandle {
  readonly pid: number;
  readonly logFile: string;
  /** Resolves when the process has exited and been reaped. */
  readonly exited: Promise<ExitInfo>;
  /** How it ended, once it has; undefined while it runs. */
  exitInfo(): ExitInfo | undefined;
  /** The last `lines` lines it wrote (only what it wrote since this start, not older runs in the file). */
  logTail(lines?: number): string;
  /** `stopSignal`, then SIGKILL after `stopDeadlineMs`; resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
  /** Sends SIGKILL now, without waiting (a crash, for fault tests). `stop()` still resolves once it has exited. */
  kill(): void;
}

/**
 * Starts the process and returns at once, before it is ready; undefined when the command could not be started (not
 * found or not executable). Throws when it cannot be guarded, after killing it: nothing would stop it if we died.
 */
export function spawnChild(options: SpawnChildOptions): ChildProcessHandle | undefined {
  const { command, logFile, stdin } = options;
  const fd = openSync(logFile, 'a');
  let logStart: number;
  let child;
  try {
    if (options.header !== undefined) writeSync(fd, options.header);
    logStart = fstatSync(fd).size;
    child = spawn(command, [...options.args], {
      cwd: options.cwd,
      ...(options.env && { env: { ...options.env } }),
      stdio: [stdin === undefined ? 'ignore' : 'pipe', fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  // A child that exits before reading it closes the pipe: EPIPE then, which its exit already reports.
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(stdin);
  const pid = child.pid;
  if (pid === undefined) {
    // spawn reports ENOENT/EACCES asynchronously; swallow that event, the caller says it.
    child.on('error', () => undefined);
    return undefined;
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
    stopping ??= stopProcess(pid, exited, () => exit !== undefined, options.stopDeadlineMs, options.stopSignal);
    return stopping;
  };

  try {
    guardPid(pid, options.mark, stop);
  } catch (error) {
    signalPid(pid, 'SIGKILL');
    throw error;
  }

  return {
    pid,
    logFile,
    exited,
    exitInfo: () => exit,
    logTail: (lines = 20) => readTail(logFile, logStart, lines),
    stop,
    kill: () => signalPid(pid, 'SIGKILL'),
  };
}

/**
 * Graceful stop: `signal`, SIGKILL if `exited` has not resolved within `deadlineMs`, then wait for the exit. Resolves
 * at once when it has already ended.
 */
async function stopProcess(
  pid: number,
  exited: Promise<unknown>,
  hasEnded: () => boolean,
  deadlineMs: number,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (hasEnded()) return;
  signalPid(pid, signal);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deadlineMs);
  });
  const outcome = await Promise.race([exited.then(() => 'exited' as const), late]);
  clearTimeout(timer);
  if (outcome === 'late') signalPid(pid, 'SIGKILL');
  await exited;
}

/** The last `lines` lines of `file` written after byte `from`, looking at its last 64 KiB at most. */
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
