import type { PubAck } from '@nats-io/jetstream';
import type { EventContract } from '../events/define-event';
import type { EventEnvelope } from '../events/envelope';
import { eventForSubject } from '../events/catalogue';
import { InvalidEventError } from '../events/invalid-event-error';
import { recordPublished } from './bus-metrics';
import type { Bus } from './connect-bus';

/**
 * Publishes an event and waits for JetStream's PubAck. The envelope is validated against its contract first (an
 * invalid one throws {@link InvalidEventError} and is never sent); its id is the `Nats-Msg-Id`, so publishing the
 * same envelope twice stores it once (the PubAck says `duplicate`, logged at debug level, not an error).
 * Throws when the bus does not acknowledge within `timeoutMs` (default 5 s): the caller (the outbox relay) retries.
 */
export async function publishEnvelope(bus: Bus, envelope: EventEnvelope, timeoutMs = 5_000): Promise<PubAck> {
  const contract = eventForSubject(envelope.subject);
  if (!contract) throw new InvalidEventError(envelope.subject, [`no event is defined for subject ${envelope.subject}`]);
  const checked = contract.parse(envelope);
  const ack = await bus.js.publish(checked.subject, JSON.stringify(checked), { msgID: checked.id, timeout: timeoutMs });
  bus.log[ack.duplicate ? 'debug' : 'trace'](
    { eventId: checked.id, subject: checked.subject, seq: ack.seq, duplicate: ack.duplicate },
    'event published',
  );
  if (!ack.duplicate) recordPublished(checked.subject);
  return ack;
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
