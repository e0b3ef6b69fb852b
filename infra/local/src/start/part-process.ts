// One part of the local system (a service, the client, the gateway, the Stripe fake) as a child process: the same
// wrapper the engines run in (process/child-process.ts), so its output is appended to its own log file, it never
// outlives the launcher (the same guard and reaper), and it is stoppable by PID with SIGTERM and then SIGKILL.
import { spawnChild, type ChildProcessHandle, type ExitInfo } from '../process/child-process';
import { pollUntilReady } from '../process/poll-until-ready';
import { httpStatus } from './http-probe';

/** How long a part gets to exit after SIGTERM before it is sent SIGKILL. */
const STOP_DEADLINE_MS = 15_000;

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
  /** SIGTERM, then SIGKILL after {@link STOP_DEADLINE_MS}; resolves once it has exited. Idempotent. */
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

/** How a run ended, as the supervisor logs it: "exited with code 1", "was killed by SIGKILL". */
function describeExit({ code, signal }: ExitInfo): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

/** Starts the process (output appended to `logFile`) and returns at once, before it is ready. */
function spawnPart(spec: PartSpec, logFile: string): ChildProcessHandle {
  const child = spawnChild({
    command: spec.command,
    args: spec.args,
    cwd: spec.cwd,
    env: spec.env,
    logFile,
    header: `\n=== ${new Date().toISOString()} ${spec.name}: ${spec.command} ${spec.args.join(' ')}\n`,
    mark: spec.mark,
    stopDeadlineMs: STOP_DEADLINE_MS,
  });
  if (!child) {
    throw new PartStartError(
      spec.name,
      `could not be started: ${spec.command} not found or not executable`,
      logFile,
      '',
    );
  }
  return child;
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
  const child = spawnPart(spec, logFile);
  const probeUrl = `http://127.0.0.1:${spec.port}${spec.probePath}`;
  const outcome = await pollUntilReady(child, async () => (await httpStatus(probeUrl)) === 200, {
    timeoutMs: readyTimeoutMs,
    firstDelayMs: 50,
    maxDelayMs: 500,
    signal,
  });
  switch (outcome) {
    case 'ready':
      return {
        pid: child.pid,
        logFile,
        exited: child.exited.then(describeExit),
        hasExited: () => child.exitInfo() !== undefined,
        logTail: child.logTail,
        stop: child.stop,
      };
    case 'aborted':
      throw new PartStartError(spec.name, 'was stopped before it was ready', logFile, '');
    case 'exited':
      throw new PartStartError(
        spec.name,
        `${describeExit(await child.exited)} before it was ready`,
        logFile,
        child.logTail(),
      );
    case 'timed-out': {
      const reason = `did not answer GET ${spec.probePath} with 200 within ${readyTimeoutMs / 1000} s`;
      throw new PartStartError(spec.name, reason, logFile, child.logTail());
    }
  }
}
