/** Whole seconds left until `expiresAt`, rounded up so "0" means the deadline has really passed; never negative. */
export function secondsLeft(expiresAt: string | Date, nowMs: number): number {
  const deadline = typeof expiresAt === 'string' ? Date.parse(expiresAt) : expiresAt.getTime();
  if (Number.isNaN(deadline)) return 0;
  return Math.max(0, Math.ceil((deadline - nowMs) / 1000));
}

/** The purchasing page's countdown line. */
export function formatCountdown(seconds: number): string {
  if (seconds <= 0) return 'Order expired';
  return `You have ${seconds} ${seconds === 1 ? 'second' : 'seconds'} left to order`;
}
