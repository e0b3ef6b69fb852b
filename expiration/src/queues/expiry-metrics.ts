import { LAG_BUCKETS, meter } from '@ticketing/common';
import type { Queue } from 'bullmq';

const lateness = meter().createHistogram('ticketing.order.expiry.lateness', {
  unit: 's',
  description: 'Seconds between an order’s expiresAt and the OrderExpired this service published for it',
  advice: { explicitBucketBoundaries: LAG_BUCKETS },
});
const delayed = meter().createObservableGauge('ticketing.expiry.jobs.delayed', {
  description: 'Expiry jobs waiting for their order’s expiresAt',
});

/** Records how late an order's OrderExpired was published (expire-order-job.ts; never negative). */
export function recordExpiryLateness(expiresAt: string): void {
  lateness.record(Math.max(0, Date.now() - Date.parse(expiresAt)) / 1_000);
}

/**
 * Reports the delayed jobs of `queue` at each scrape (one ZCARD on Redis); a scrape while Redis is away leaves the
 * value out. Returns the function that stops reporting (the queue's close).
 */
export function observeDelayedJobs(queue: Pick<Queue, 'getDelayedCount'>): () => void {
  const callback = async (result: { observe(value: number): void }) => {
    try {
      result.observe(await queue.getDelayedCount());
    } catch {
      // Redis away: no value this scrape.
    }
  };
  delayed.addCallback(callback);
  return () => delayed.removeCallback(callback);
}
