// One part of the local system (a service, the client, the gateway, the Stripe fake) as a child process: its output
// appended to its own log file, guarded so that it never outlives the launcher (engines/process-guard.ts, the same
// guard and reaper the engines use), stoppable by PID with SIGTERM and then SIGKILL.
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { guardPid, releasePid } from '../engines/process-guard';
import { httpStatus } from './http-probe';
import { signalPid, stopProcess } from '../engines/stop-process';

/** How to run one part and how to know it is ready. */
export interface PartSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** The child's whole environment (not merged with the launcher's here). */
  readonly env: Readonly<Record<string, string>>;
  /** The 127.0.0.1 port it listens on. */
  readonly port: number;
  /** Path of its readiness probe: ready once `GET http://127.0.0.1:<port><probePath>` answers 200. */
  readonly probePath: string;
  /** A string of its command line (the script path) that the reaper checks before it signals a PID (PID reuse). */
  readonly mark: string;
}

/** One run of a part's process. */
export interface PartProcess {
  readonly pid: number;
  readonly logFile: string;
  /** Resolves, once the process has exited and been reaped, with how it ended ("exited with code 1"). */
  readonly exited: Promise<string>;
  hasExited(): boolean;
  /** Its last output lines from this run (not older runs appended to the same file). */
  logTail(lines?: number): string;
  /** SIGTERM, then SIGKILL after `stopTimeoutMs`; resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
}

/** The part exited, or did not answer its probe in time, while starting; the message ends with its last output. */
export class PartStartError extends Error {
  override readonly name = 'PartStartError';
  constructor(
    readonly part: string,
    reason: string,
    readonly logFile: string,
    logTail: string,
  ) {
    super(`${part} ${reason} (log: ${logFile})${logTail ? `; its last output:\n${logTail}` : ''}`);
  }
}

/** Starts the process (output appended to `logFile`) and returns at once, before it is ready. */
export function spawnPart(spec: PartSpec, logFile: string, stopTimeoutMs = 15_000): PartProcess {
  const fd = openSync(logFile, 'a');
  let logStart: number;
  let child;
  try {
    writeSync(fd, `\n=== ${new Date().toISOString()} ${spec.name}: ${spec.command} ${spec.args.join(' ')}\n`);
    logStart = fstatSync(fd).size;
    // A file, not a pipe: a part never blocks or dies of SIGPIPE because the launcher is slow or gone.
    child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env: { ...spec.env }, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) {
    child.on('error', () => undefined);
    throw new PartStartError(
      spec.name,
      `could not be started: ${spec.command} not found or not executable`,
      logFile,
      '',
    );
  }

  let ended: string | undefined;
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => {
      ended = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      releasePid(pid);
      resolve(ended);
    });
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= stopProcess(pid, exited, () => ended !== undefined, stopTimeoutMs);
    return stopping;
  };
  try {
    guardPid(pid, spec.mark, stop);
  } catch (error) {
    signalPid(pid, 'SIGKILL');
    throw error;
  }
  return {
    pid,
    logFile,
    exited,
    hasExited: () => ended !== undefined,
    logTail: (lines = 20) => readTail(logFile, logStart, lines),
    stop,
  };
}

/**
 * Starts the part and resolves once its probe answers 200. Rejects with {@link PartStartError} as soon as it exits,
 * or when it has not answered within `readyTimeoutMs`, or when `signal` is aborted (in the last two cases it is
 * stopped first).
 */
export async function startPart(
  spec: PartSpec,
  logFile: string,
  { readyTimeoutMs, signal }: { readyTimeoutMs: number; signal?: AbortSignal },
): Promise<PartProcess> {
  const proc = spawnPart(spec, logFile);
  const probeUrl = `http://127.0.0.1:${spec.port}${spec.probePath}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    if (signal?.aborted) {
      await proc.stop();
      throw new PartStartError(spec.name, 'was stopped before it was ready', logFile, '');
    }
    if (proc.hasExited()) {
      throw new PartStartError(spec.name, `${await proc.exited} before it was ready`, logFile, proc.logTail());
    }
    // Answered and still alive: a process that lost the port to another one can die right after our probe.
    if ((await httpStatus(probeUrl)) === 200 && !proc.hasExited()) return proc;
    if (Date.now() > deadline) {
      await proc.stop();
      const reason = `did not answer GET ${spec.probePath} with 200 within ${readyTimeoutMs / 1000} s`;
      throw new PartStartError(spec.name, reason, logFile, proc.logTail());
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

function readTail(file: string, from: number, lines: number): string {
  try {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      const start = Math.max(from, size - 64 * 1024);
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
