import { meter, type Dependency } from '@ticketing/common';

// The room's figures (DESIGN §13, §14), as Prometheus reads them: ticketing_queue_joined_total,
// ticketing_queue_admitted_total (each replica counts what it did: sum them), and per room the gauges below, which
// every replica reads from Redis at its tick (the same value from each: take the max).
const joined = meter().createCounter('ticketing.queue.joined', {
  description: 'Places taken in waiting rooms (a first join, or a join again after a pass ran out)',
});
const admitted = meter().createCounter('ticketing.queue.admitted', {
  description: 'Buyers admitted from waiting rooms by this replica’s admission steps',
});
const waiting = meter().createObservableGauge('ticketing.queue.waiting', {
  description: 'Buyers in a room not admitted yet (pre-queue and waiting)',
});
const expired = meter().createObservableGauge('ticketing.queue.passes.expired', {
  description: 'Passes of a room past their expiry (no-shows among them joined again or never ordered)',
});
const rate = meter().createObservableGauge('ticketing.queue.rate', {
  unit: '1/min',
  description: 'Admissions per minute a room runs at now: its admitPerMinute while anyone waits, else 0',
});
const estimatedWait = meter().createObservableGauge('ticketing.queue.wait.estimated', {
  unit: 's',
  description: 'Seconds the last buyer in line of a room waits at its rate',
});

/** What a tick learnt of one open room. */
export interface RoomFigures {
  waiting: number;
  expired: number;
  admitPerMinute: number;
  admitting: boolean;
}

export function recordJoined(eventId: string): void {
  joined.add(1, { event: eventId });
}

export function recordAdmitted(eventId: string, count: number): void {
  if (count > 0) admitted.add(count, { event: eventId });
}

/**
 * Reports the gauges of the rooms in `figures` (kept up to date by the admission tick) at each scrape, with no
 * Redis call of its own. A dependency, so that it stops reporting when the service stops.
 */
export function observeRooms(figures: ReadonlyMap<string, RoomFigures>): Dependency {
  const callback = (results: {
    observe(gauge: typeof waiting, value: number, attributes: Record<string, string>): void;
  }) => {
    for (const [eventId, room] of figures) {
      const attributes = { event: eventId };
      const current = room.admitting && room.waiting > 0 ? room.admitPerMinute : 0;
      results.observe(waiting, room.waiting, attributes);
      results.observe(expired, room.expired, attributes);
      results.observe(rate, current, attributes);
      results.observe(estimatedWait, Math.ceil((room.waiting * 60) / room.admitPerMinute), attributes);
    }
  };
  const gauges = [waiting, expired, rate, estimatedWait];
  meter().addBatchObservableCallback(callback, gauges);
  return {
    name: 'queue-metrics',
    isReady: () => true,
    close: async () => meter().removeBatchObservableCallback(callback, gauges),
  };
}
