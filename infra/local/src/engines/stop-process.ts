/** Sends a signal to a PID; a process that is already gone is not an error. */
export function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already exited
  }
}

/**
 * Graceful stop shared by engines and parts: `signal` (SIGTERM; nginx stops gracefully on SIGQUIT), SIGKILL if
 * `exited` has not resolved within `deadlineMs`, then wait for the exit. Resolves at once when it has already ended.
 */
export async function stopProcess(
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
