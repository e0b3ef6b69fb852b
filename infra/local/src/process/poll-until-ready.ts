import type { ChildProcessHandle } from './child-process';

/** How a wait for readiness ended: only `ready` leaves the process running (`exited` found it gone already). */
export type ReadyOutcome = 'ready' | 'exited' | 'timed-out' | 'aborted';

/** Options of {@link pollUntilReady}. */
export interface PollUntilReadyOptions {
  timeoutMs: number;
  /** The first pause between two probes; each next one is twice as long, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Aborting it ends the wait (the process is stopped first). */
  signal?: AbortSignal;
}

/**
 * Polls `probe` until it answers true while the process runs. Returns as soon as the process has exited, and stops
 * the process before it returns `timed-out` (no answer within `timeoutMs`) or `aborted`.
 */
export async function pollUntilReady(
  child: Pick<ChildProcessHandle, 'exitInfo' | 'stop'>,
  probe: () => Promise<boolean>,
  { timeoutMs, firstDelayMs, maxDelayMs, signal }: PollUntilReadyOptions,
): Promise<ReadyOutcome> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = firstDelayMs; ; delay = Math.min(delay * 2, maxDelayMs)) {
    if (signal?.aborted) {
      await child.stop();
      return 'aborted';
    }
    if (child.exitInfo()) return 'exited';
    if (await probe()) {
      // It may have died right after answering (it lost its port to another process racing the probe):
      // answered-and-alive is the test.
      if (!child.exitInfo()) return 'ready';
      continue;
    }
    if (Date.now() > deadline) {
      await child.stop();
      return 'timed-out';
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
