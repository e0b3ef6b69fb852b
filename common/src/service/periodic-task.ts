import type { Logger } from 'pino';

/** A task run every interval (a sweep, a reconciliation); never two runs of it at once in one process. */
export interface PeriodicTask {
  /** Runs it now (waits for a run in progress instead of starting a second one). */
  runNow(): Promise<void>;
  /** Stops the timer and waits for the run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `run` every `intervalMs` (and at once when `runAtStart`), logging a failure as a warning and trying again at
 * the next tick: a backstop must outlive the outage it is there for. The timer does not keep the process alive.
 */
export function startPeriodicTask(options: {
  name: string;
  intervalMs: number;
  log: Logger;
  run: () => Promise<void>;
  runAtStart?: boolean;
}): PeriodicTask {
  const { name, log } = options;
  let running: Promise<void> | undefined;
  let stopped = false;
  const runNow = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= options
      .run()
      .catch((error: unknown) => log.warn({ err: error, task: name }, `${name} failed; will retry`))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void runNow(), options.intervalMs);
  timer.unref();
  if (options.runAtStart) void runNow();
  return {
    runNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
