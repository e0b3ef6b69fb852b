/**
 * What {@link withDeadline} rejects with. Named `TimeoutError`, as nats.js and the DOM name theirs, so a listener
 * treats a deadline passed as transient (bus/failure-kinds.ts) and redelivers for as long as the outage lasts.
 */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** `promise`, or a {@link TimeoutError} naming `what` once `ms` have passed (the promise itself is not cancelled). */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
