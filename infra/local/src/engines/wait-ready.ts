import type { EngineProcess } from './engine-process';
import { pollUntilReady } from '../process/poll-until-ready';
import { freePort } from './probes';

/** Default time an engine gets to answer its readiness probe. */
export const READY_TIMEOUT_MS = 30_000;

/** An engine exited or did not answer in time; the message ends with the engine's last output lines. */
export class EngineStartError extends Error {
  override readonly name = 'EngineStartError';
  constructor(
    readonly engine: string,
    reason: string,
    readonly logTail: string,
  ) {
    super(`${engine} ${reason}${logTail ? `; its last output:\n${logTail}` : ' (it wrote nothing)'}`);
  }

  /** The engine could not bind its port (another process took it first). */
  get addressInUse(): boolean {
    return /address already in use/i.test(this.logTail);
  }
}

/** Polls `probe` until it answers true; fails as soon as the process exits, or at the deadline (then stops it). */
export async function waitReady(
  proc: EngineProcess,
  probe: () => Promise<boolean>,
  timeoutMs = READY_TIMEOUT_MS,
): Promise<void> {
  const outcome = await pollUntilReady(proc, probe, { timeoutMs, firstDelayMs: 20, maxDelayMs: 250 });
  if (outcome === 'ready') return;
  if (outcome === 'exited') {
    const { code, signal } = await proc.exited;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    throw new EngineStartError(proc.name, `exited with ${how} before it answered`, proc.logTail());
  }
  throw new EngineStartError(proc.name, `did not answer within ${timeoutMs} ms`, proc.logTail());
}

/**
 * Runs `start` on `port`, or on a free port when none is given. A free port can be taken by another process between
 * the pick and the bind; then the engine exits with "address already in use" and we try again on a new port.
 */
export async function withPort<T>(port: number | undefined, start: (port: number) => Promise<T>): Promise<T> {
  if (port !== undefined) return start(port);
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (!(error instanceof EngineStartError && error.addressInUse) || attempt >= 5) throw error;
    }
  }
}
