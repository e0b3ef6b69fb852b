import { LAG_BUCKETS, meter } from '../service/metrics';

/** How a delivery ended, as `ticketing.events.handled` counts it. */
export type HandledOutcome = 'acked' | 'retried' | 'dead-lettered' | 'invalid';

const handled = meter().createCounter('ticketing.events.handled', {
  description: 'Deliveries handled by this service’s listeners, by subject and outcome',
});
const lag = meter().createHistogram('ticketing.event.handler.lag', {
  unit: 's',
  description: 'Seconds from an event’s occurredAt to its handler’s ack',
  advice: { explicitBucketBoundaries: LAG_BUCKETS },
});
const published = meter().createCounter('ticketing.events.published', {
  description: 'Events stored by JetStream from this process (duplicates refused by the Nats-Msg-Id not counted)',
});
const deadLetters = meter().createCounter('ticketing.dead_letters', {
  description: 'Events this service copied to the dead letters and terminated',
});

/**
 * Counts one delivery's outcome (listener.ts). `invalid` (not JSON, or failing its schema) is dead-lettered too, and
 * counted in `ticketing.dead_letters` like `dead-lettered`. An acked event with its `occurredAt` records the lag.
 */
export function recordHandled(subject: string, outcome: HandledOutcome, occurredAt?: string): void {
  handled.add(1, { 'messaging.destination.name': subject, outcome });
  if (outcome === 'dead-lettered' || outcome === 'invalid')
    deadLetters.add(1, { 'messaging.destination.name': subject });
  if (outcome === 'acked' && occurredAt)
    lag.record(Math.max(0, Date.now() - Date.parse(occurredAt)) / 1_000, {
      'messaging.destination.name': subject,
    });
}

/** Counts one event stored by JetStream (publish.ts: the outbox relay and the direct publishes). */
export function recordPublished(subject: string): void {
  published.add(1, { 'messaging.destination.name': subject });
}
