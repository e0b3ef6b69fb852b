import type { PubAck } from '@nats-io/jetstream';
import { headers, type MsgHdrs } from '@nats-io/nats-core';
import type { EventContract } from '../events/define-event';
import type { EventEnvelope } from '../events/envelope';
import { eventForSubject } from '../events/catalogue';
import { InvalidEventError } from '../events/invalid-event-error';
import { currentTraceCarrier, inSpan, SpanKind } from '../tracing/trace-context';
import { recordPublished } from './bus-metrics';
import type { Bus } from './connect-bus';

/**
 * Publishes an event and waits for JetStream's PubAck. The envelope is validated against its contract first (an
 * invalid one throws {@link InvalidEventError} and is never sent); its id is the `Nats-Msg-Id`, so publishing the
 * same envelope twice stores it once (the PubAck says `duplicate`, logged at debug level, not an error).
 * Throws when the bus does not acknowledge within `timeoutMs` (default 5 s): the caller (the outbox relay) retries.
 *
 * Traced (DESIGN §14) as a PRODUCER span `<subject> publish` in the active trace, whose W3C context the message
 * carries in its `traceparent` and `tracestate` headers for the listener to continue; without a trace, no header.
 */
export async function publishEnvelope(bus: Bus, envelope: EventEnvelope, timeoutMs = 5_000): Promise<PubAck> {
  const contract = eventForSubject(envelope.subject);
  if (!contract) throw new InvalidEventError(envelope.subject, [`no event is defined for subject ${envelope.subject}`]);
  const checked = contract.parse(envelope);
  const attributes = {
    'messaging.system': 'nats',
    'messaging.operation.type': 'send',
    'messaging.destination.name': checked.subject,
    'messaging.message.id': checked.id,
  };
  return inSpan(`${checked.subject} publish`, { kind: SpanKind.PRODUCER, attributes }, async (span) => {
    const ack = await bus.js.publish(checked.subject, JSON.stringify(checked), {
      msgID: checked.id,
      timeout: timeoutMs,
      ...traceHeaders(),
    });
    span.setAttribute('messaging.nats.duplicate', ack.duplicate);
    bus.log[ack.duplicate ? 'debug' : 'trace'](
      { eventId: checked.id, subject: checked.subject, seq: ack.seq, duplicate: ack.duplicate },
      'event published',
    );
    if (!ack.duplicate) recordPublished(checked.subject);
    return ack;
  });
}

/** The active trace context as NATS message headers, or no headers at all when no trace is active. */
function traceHeaders(): { headers?: MsgHdrs } {
  const { traceparent, tracestate } = currentTraceCarrier();
  if (!traceparent) return {};
  const carried = headers();
  carried.set('traceparent', traceparent);
  if (tracestate) carried.set('tracestate', tracestate);
  return { headers: carried };
}

/** Creates and publishes an event in one call (for events not stored with a change, e.g. OrderExpired). */
export async function publish<C extends EventContract>(
  bus: Bus,
  contract: C,
  data: Parameters<C['create']>[0],
  options?: { id?: string },
): Promise<PubAck> {
  return publishEnvelope(bus, contract.create(data, options));
}
