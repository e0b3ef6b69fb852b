import type { BatchObservableCallback } from '@opentelemetry/api';
import { meter } from '../service/metrics';
import type { OutboxSource } from './entity-store';
import type { PendingMarker } from './outbox-pending';

const depth = meter().createObservableGauge('ticketing.outbox.depth', {
  description: 'Entities whose outbox may hold unpublished events (their pending markers)',
});
const oldestAge = meter().createObservableGauge('ticketing.outbox.oldest_age', {
  unit: 's',
  description: 'Age of the oldest pending marker: how long the longest-waiting event has waited',
});

/** Each read is bounded: a scrape gets no value for a store rather than waiting on a slow database. */
const READ_TIMEOUT_MS = 2_000;

/**
 * Reports each store's outbox at every scrape, and only then: the count of its pending markers and the age of the
 * oldest. The markers are the live working set (outbox-pending.ts: one per entity with events not yet published and
 * deleted as soon as they are), so both reads stay small whatever the size of the entities' collection (DESIGN §16).
 * A store whose reads fail is left out of that scrape. The reads carry the relay's `comment`, so that tests counting
 * a request's round trips leave them out. Returns the function that stops reporting (the relay's stop).
 */
export function observeOutbox(stores: readonly OutboxSource[], comment: string): () => void {
  const callback: BatchObservableCallback = async (result) => {
    await Promise.all(
      stores.map(async (store) => {
        try {
          const attributes = { 'db.collection.name': store.name };
          const [count, oldest] = await Promise.all([
            store.pending.countDocuments({}, { comment, maxTimeMS: READ_TIMEOUT_MS }),
            store.pending.findOne({}, { sort: { at: 1 }, projection: { at: 1 }, comment, maxTimeMS: READ_TIMEOUT_MS }),
          ]);
          const at = (oldest as Pick<PendingMarker, 'at'> | null)?.at;
          result.observe(depth, count, attributes);
          result.observe(oldestAge, at ? Math.max(0, Date.now() - at.getTime()) / 1_000 : 0, attributes);
        } catch {
          // Left out of this scrape; the next one tries again.
        }
      }),
    );
  };
  meter().addBatchObservableCallback(callback, [depth, oldestAge]);
  return () => meter().removeBatchObservableCallback(callback, [depth, oldestAge]);
}
