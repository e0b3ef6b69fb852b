// Keeps one part running while the system runs: a part that dies unexpectedly is logged and started again, a bounded
// number of times. Past that bound the part is given up on and the supervisor's owner is told (npm start then stops
// the whole system and exits 1: a system with a part missing is more confusing than one that says why it stopped).
import type { LogLine } from '../engines/types';

/** One run of a part, however it is started (a child process here, an engine from engines/). */
export interface Instance {
  readonly pid: number;
  /** Resolves when this run has ended, with how ("exited with code 1"). */
  readonly exited: Promise<string>;
  stop(): Promise<void>;
}

/** Options of {@link supervise}. */
export interface SuperviseOptions {
  log: LogLine;
  /** Restarts allowed within `windowMs` before the part is given up on (default 5 in 10 minutes). */
  maxRestarts?: number;
  windowMs?: number;
  /** Called once when the part is given up on; it is not running any more then. */
  onGiveUp(name: string, reason: string): void;
  /** Where the part's output is, for the messages (a log file path). */
  logFile?: string;
  /** Aborting it interrupts a start under way (the first one then rejects) and ends restarting; stop() still stops. */
  signal?: AbortSignal;
}

/** A part kept running by {@link supervise}. */
export interface Supervised {
  readonly name: string;
  /** The PID of the current run (it changes when the part is restarted). */
  readonly pid: number;
  /** How many times it has been restarted. */
  readonly restarts: number;
  /** Stops the current run and any restart under way; the part is not restarted any more. Idempotent. */
  stop(): Promise<void>;
}

const BACKOFF_MS = [500, 1_000, 2_000, 4_000, 8_000];

/**
 * Starts a part with `start` (its first failure rejects, with nothing left running) and restarts it whenever a run
 * ends without `stop()` having been called: after 0.5 s, then 1, 2, 4, 8 s. A restart that fails to start counts as
 * one more restart. After `maxRestarts` restarts within `windowMs`, `onGiveUp` is called and the part stays down.
 */
export async function supervise(
  name: string,
  start: (signal: AbortSignal) => Promise<Instance>,
  options: SuperviseOptions,
): Promise<Supervised> {
  const maxRestarts = options.maxRestarts ?? 5;
  const windowMs = options.windowMs ?? 10 * 60_000;
  const where = options.logFile ? ` (see ${options.logFile})` : '';
  // Aborted by stop(): a restart under way gives up at once instead of waiting for its readiness deadline.
  const stopSignal = new AbortController();
  options.signal?.addEventListener('abort', () => stopSignal.abort(), { once: true });
  const restartTimes: number[] = [];
  let total = 0;
  let current = await start(stopSignal.signal);
  let stopping = false;
  let restarting: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  const ending = (): boolean => stopping || stopSignal.signal.aborted;

  const restartLoop = async (how: string): Promise<void> => {
    let reason = how;
    for (;;) {
      const now = Date.now();
      while (restartTimes.length > 0 && (restartTimes[0] ?? 0) < now - windowMs) restartTimes.shift();
      if (restartTimes.length >= maxRestarts) {
        options.log(
          `${name} ${reason}${where}; it was restarted ${maxRestarts} times within ${windowMs / 60_000} min: giving up`,
        );
        options.onGiveUp(name, `${name} ${reason}`);
        return;
      }
      restartTimes.push(now);
      total += 1;
      const attempt = restartTimes.length;
      options.log(`${name} ${reason}${where}; restarting it (${attempt}/${maxRestarts})`);
      // An interruptible backoff: stop() must not wait for it.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, BACKOFF_MS[Math.min(attempt - 1, BACKOFF_MS.length - 1)]);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
      if (ending()) return;
      try {
        current = await start(stopSignal.signal);
      } catch (error) {
        if (ending()) return;
        reason = `failed to restart: ${error instanceof Error ? error.message.split('\n', 1)[0] : String(error)}`;
        continue;
      }
      if (ending()) {
        await current.stop();
        return;
      }
      options.log(`${name} is running again (pid ${current.pid})`);
      watch(current);
      return;
    }
  };

  const watch = (instance: Instance): void => {
    void instance.exited.then((how) => {
      if (ending() || instance !== current) return;
      restarting = restartLoop(how).finally(() => (restarting = undefined));
    });
  };
  watch(current);

  let stopped: Promise<void> | undefined;
  return {
    name,
    get pid() {
      return current.pid;
    },
    get restarts() {
      return total;
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        stopSignal.abort();
        wake?.();
        await restarting;
        await current.stop();
      })();
      return stopped;
    },
  };
}
