/**
 * The delivery bound of listeners whose events can wait for another (an order's cancel waiting for its creation):
 * with common's default `retryLater()` backoff (250 ms doubling to 5 s) 30 deliveries last about two minutes, longer
 * than the whole retry budget of the predecessor they wait for, so a waiting event is not terminated while its
 * predecessor may still be applied.
 */
export const WAITING_MAX_DELIVER = 30;
