/**
 * How long an order event that cannot be applied yet waits before its next delivery: 250 ms, doubling, at most 5 s.
 * With {@link WAITING_MAX_DELIVER} deliveries that is about two minutes, longer than the whole retry budget of the
 * predecessor it waits for (10 deliveries with common's backoff, about 70 s), so a waiting event is not terminated
 * while its predecessor may still be applied.
 */
export function retryDelayMs(deliveryCount: number): number {
  return Math.min(250 * 2 ** Math.max(deliveryCount - 1, 0), 5_000);
}

/** The delivery bound of listeners whose events can wait for another (see {@link retryDelayMs}). */
export const WAITING_MAX_DELIVER = 30;
