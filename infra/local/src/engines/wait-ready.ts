import type { EngineProcess } from './engine-process';
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

/** Polls `probe` until it answers true; fails as soon as the process exits, or at the deadline (then kills it). */
export async function waitReady(
  proc: EngineProcess,
  probe: () => Promise<boolean>,
  timeoutMs = READY_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
    const exit = proc.exitInfo();
    if (exit) {
      const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
      throw new EngineStartError(proc.name, `exited with ${how} before it answered`, proc.logTail());
    }
    if (await probe()) {
      // It may have died right after answering (a bind failure racing the probe); answered-and-alive is the test.
      if (!proc.exitInfo()) return;
      continue;
    }
    if (Date.now() > deadline) {
      await proc.stop();
      throw new EngineStartError(proc.name, `did not answer within ${timeoutMs} ms`, proc.logTail());
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
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
