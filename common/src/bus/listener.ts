import {
  AckPolicy,
  DeliverPolicy,
  type Consumer,
  type ConsumerConfig,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream';
import { ROOT_CONTEXT, SpanStatusCode, type Span } from '@opentelemetry/api';
import type { EventContract, EventData } from '../events/define-event';
import type { EventEnvelope } from '../events/envelope';
import { InvalidEventError } from '../events/invalid-event-error';
import { contextOf, inSpan, SpanKind, type TraceCarrier } from '../tracing/trace-context';
import { recordHandled, type HandledOutcome } from './bus-metrics';
import type { Bus } from './connect-bus';
import { deadLetter } from './dead-letters';
import { failureKind } from './failure-kinds';
import { durableName, STREAM_NAME } from './names';

const RETRY_LATER = Symbol('retryLater');

/** Returned by a handler that cannot apply its event yet (e.g. a version ahead of its predecessor). */
export interface RetryLater {
  readonly [RETRY_LATER]: true;
  readonly delayMs: number | undefined;
}

/**
 * Asks for redelivery without counting as a failure: after `delayMs`, or by default after a backoff that grows with the
 * delivery count (250 ms doubling to 5 s). For as long as it takes: an event that waits for its predecessor is never
 * dropped (DESIGN §5).
 */
export function retryLater(delayMs?: number): RetryLater {
  return { [RETRY_LATER]: true, delayMs };
}

/** The default redelivery delay for the n-th delivery: 250 ms, 500 ms, 1 s … capped at 5 s. */
export function backoffMs(deliveryCount: number): number {
  return Math.min(250 * 2 ** Math.max(0, deliveryCount - 1), 5_000);
}

function isRetryLater(value: unknown): value is RetryLater {
  return typeof value === 'object' && value !== null && RETRY_LATER in value;
}

/** The trace context a message carries in its headers (publish.ts), if any. */
function messageTrace(msg: JsMsg): TraceCarrier {
  const traceparent = msg.headers?.get('traceparent');
  if (!traceparent) return {};
  const tracestate = msg.headers?.get('tracestate');
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

/** What a handler gets besides the data: the envelope (id, occurredAt) and how many times it was delivered. */
export interface HandlerContext {
  envelope: EventEnvelope;
  deliveryCount: number;
  log: Bus['log'];
}

/** One subject consumed by one service. Build with {@link defineListener}, start with {@link listen}. */
export interface Listener<C extends EventContract = EventContract> {
  readonly event: C;
  /**
   * Handles one event. Returning means done (ack); {@link retryLater} means redeliver; throwing means redeliver with
   * backoff, for ever when the error is transient (see failureKind), and to the dead letters at once for a
   * {@link NeverApplicableError}, or for any other error (a programming error) once the message has been delivered
   * `maxFailures` times.
   */
  readonly handle: (data: EventData<C>, context: HandlerContext) => Promise<void | RetryLater>;
  /** How long the server waits for an ack before redelivering. Default 30 s. */
  readonly ackWaitMs: number;
  /**
   * How many failures that are neither waits ({@link retryLater}) nor transient (see failureKind) an event may have
   * before the next one dead-letters it. Default 20. Waits and transient failures are not counted, so after a long
   * outage (hundreds of deliveries) one unclassified error does not bury an event at once. Counted by each process
   * (the durable's replicas each count their own), and again from zero after a restart: a bound, never a hurry.
   */
  readonly maxFailures: number;
  /** Messages handled at once by one process. Default 8. */
  readonly concurrency: number;
}

/**
 * The delivery bounds of every listener (docs/CONVENTIONS.md, "One choice, made once"): the same for all services, so
 * that what a redelivery means (30 s without an ack, at most 20 failures before the dead letters) is one fact.
 * Tests shorten them to see a dead letter quickly.
 */
export const LISTENER_DEFAULTS = { ackWaitMs: 30_000, maxFailures: 20, concurrency: 8 } as const;

/** Defines a listener with {@link LISTENER_DEFAULTS} for the delivery settings it does not set. */
export function defineListener<C extends EventContract>(definition: {
  event: C;
  handle: Listener<C>['handle'];
  ackWaitMs?: number;
  maxFailures?: number;
  concurrency?: number;
}): Listener<C> {
  return { ...LISTENER_DEFAULTS, ...definition };
}

/**
 * The durable of one (service, subject): explicit acks after the work is stored, from the stream's first message, no
 * server-side delivery bound (the wrapper decides when a message can never succeed, and dead-letters it first). The
 * listener and the streams CLI (which creates every durable before the services start) both make it from here.
 */
export function durableConfig(durable: string, subject: string, ackWaitMs: number): Partial<ConsumerConfig> {
  return {
    durable_name: durable,
    filter_subject: subject,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: ackWaitMs * 1_000_000,
    max_deliver: -1,
    max_ack_pending: 1_000,
  };
}

async function ensureConsumer(bus: Bus, durable: string, config: Partial<ConsumerConfig>): Promise<void> {
  try {
    await bus.jsm.consumers.add(STREAM_NAME, config);
  } catch (error) {
    if (!/already exists|already in use/i.test(String(error))) throw error;
    await bus.jsm.consumers.update(STREAM_NAME, durable, config);
  }
}

/** A running listener; `stop()` stops pulling and waits for the handlers in flight. */
export interface RunningListener {
  readonly durable: string;
  stop(): Promise<void>;
}

/**
 * Starts consuming `listener.event.subject` through the durable `<service>-<subject>`, shared by every replica of
 * the service (one delivery per service, whatever the replica count). The wrapper decides the ack (DESIGN §5):
 *  - handler returned → ack; retryLater → nak(delay), for as long as it takes;
 *  - handler threw a transient error (database, bus, Redis, Stripe unreachable; a timeout) → nak with backoff capped
 *    at 5 s, for as long as it takes: an outage never drops an event;
 *  - a message that can never succeed (not JSON, fails its schema, a NeverApplicableError, or a non-transient error
 *    for the `maxFailures`-th time: waits and transient failures are not counted) → copied with its payload and error to `dead.<subject>`, then
 *    terminated (`npm run dead-letters` lists and replays them). Nothing is terminated silently: if the copy fails, the
 *    message is redelivered instead.
 * A handler's exception never escapes into the process. The consume loop restarts if the subscription ends.
 * Each delivery is a CONSUMER span `<subject> process` (DESIGN §14), a child of the publish whose trace context the
 * message carries (a new trace when it carries none), with the event id, the delivery count and the outcome.
 */
export async function listen<C extends EventContract>(bus: Bus, listener: Listener<C>): Promise<RunningListener> {
  const subject = listener.event.subject;
  const durable = durableName(bus.service, subject);
  const log = bus.log.child({ durable, subject });
  const config = durableConfig(durable, subject, listener.ackWaitMs);
  // With a node of a NATS cluster down, placing a consumer can time out for a while: a service booting meanwhile keeps
  // trying (transient, like any other outage) instead of failing its start.
  for (let attempt = 1; ; attempt++) {
    try {
      await ensureConsumer(bus, durable, config);
      break;
    } catch (error) {
      if (failureKind(error) !== 'transient' || attempt >= 30) throw error;
      log.warn({ err: error, attempt }, 'creating the durable consumer timed out; retrying');
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
    }
  }
  const consumer: Consumer = await bus.js.consumers.get(STREAM_NAME, durable);

  let stopping = false;
  let messages: ConsumerMessages | undefined;
  const inFlight = new Set<Promise<void>>();
  // The dead-letter budget: unclassified failures of each message still in play, by stream sequence. An entry leaves
  // when its message is acked or terminated here; one acked by another replica is forgotten oldest first past the
  // durable's max_ack_pending, so the map stays bounded.
  const failures = new Map<number, number>();
  const countFailure = (sequence: number, count: number): void => {
    failures.delete(sequence);
    failures.set(sequence, count);
    if (failures.size > 1_000) failures.delete(failures.keys().next().value as number);
  };

  const loop = (async () => {
    while (!stopping) {
      try {
        messages = await consumer.consume({ max_messages: listener.concurrency });
        for await (const msg of messages) {
          const work = handleOne(msg).finally(() => inFlight.delete(work));
          inFlight.add(work);
          if (inFlight.size >= listener.concurrency) await Promise.race(inFlight);
        }
      } catch (error) {
        if (stopping) break;
        log.warn({ err: error }, 'consume loop ended; restarting');
      }
      if (!stopping) await new Promise((r) => setTimeout(r, 500));
    }
  })();

  /** Counts the outcome of one delivery, and says it on the delivery's span. */
  function record(span: Span, outcome: HandledOutcome, occurredAt?: string): void {
    recordHandled(subject, outcome, occurredAt);
    span.setAttribute('ticketing.event.outcome', outcome);
  }

  /** Copies to the dead letters and terminates (true); redelivers if the copy could not be stored (false). */
  async function bury(
    msg: JsMsg,
    span: Span,
    outcome: Extract<HandledOutcome, 'dead-lettered' | 'invalid'>,
    error: string,
    payload: unknown,
    context: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      await deadLetter(bus, msg, durable, error, payload);
      record(span, outcome);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error });
      log.error({ ...context, error, payload }, 'event can never succeed; copied to the dead letters and terminated');
      return true;
    } catch (copyError) {
      log.warn({ ...context, err: copyError }, 'dead letter not stored; the event will be redelivered');
      record(span, 'retried');
      msg.nak(backoffMs(msg.info.deliveryCount));
      return false;
    }
  }

  async function handleOne(msg: JsMsg): Promise<void> {
    const sequence = msg.info.streamSequence;
    const span = {
      kind: SpanKind.CONSUMER,
      parent: contextOf(messageTrace(msg), ROOT_CONTEXT),
      attributes: {
        'messaging.system': 'nats',
        'messaging.operation.type': 'process',
        'messaging.destination.name': subject,
        'messaging.consumer.group.name': durable,
        'messaging.nats.delivery_count': msg.info.deliveryCount,
        'messaging.nats.stream_sequence': sequence,
      },
    };
    try {
      if (await inSpan(`${subject} process`, span, (current) => handleDelivery(msg, current))) {
        failures.delete(sequence);
      }
    } catch (error) {
      log.error({ err: error, sequence }, 'listener wrapper failed; the event will be redelivered');
    }
  }

  /** Handles one delivery; true when the message is done with (acked or terminated), false when it comes again. */
  async function handleDelivery(msg: JsMsg, span: Span): Promise<boolean> {
    const deliveryCount = msg.info.deliveryCount;
    let raw: unknown;
    try {
      raw = msg.json();
    } catch {
      return bury(msg, span, 'invalid', 'event is not JSON', msg.string(), { deliveryCount });
    }
    let envelope: EventEnvelope<EventData<C>>;
    try {
      envelope = listener.event.parse(raw) as EventEnvelope<EventData<C>>;
    } catch (error) {
      const problems = error instanceof InvalidEventError ? error.problems : [String(error)];
      return bury(msg, span, 'invalid', `invalid event: ${problems.join('; ')}`, raw, { deliveryCount, problems });
    }
    span.setAttribute('messaging.message.id', envelope.id);
    const eventLog = log.child({ eventId: envelope.id, deliveryCount });
    try {
      const outcome = await listener.handle(envelope.data, { envelope, deliveryCount, log: eventLog });
      if (isRetryLater(outcome)) {
        const delayMs = outcome.delayMs ?? backoffMs(deliveryCount);
        eventLog.debug({ delayMs }, 'event not applicable yet; redelivery requested');
        record(span, 'retried');
        msg.nak(delayMs);
        return false;
      }
      msg.ack();
      record(span, 'acked', envelope.occurredAt);
      return true;
    } catch (error) {
      const kind = failureKind(error);
      // Only unclassified failures spend the budget: a wait or an outage, however long, never buries an event.
      const failed = kind === 'unknown' ? (failures.get(msg.info.streamSequence) ?? 0) + 1 : 0;
      if (kind === 'unknown') countFailure(msg.info.streamSequence, failed);
      if (kind === 'never' || failed >= listener.maxFailures) {
        return bury(
          msg,
          span,
          'dead-lettered',
          error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          raw,
          {
            eventId: envelope.id,
            deliveryCount,
            failures: failed,
          },
        );
      }
      const delay = backoffMs(deliveryCount);
      eventLog.warn({ err: error, kind, failures: failed, retryInMs: delay }, 'event handler failed; will retry');
      record(span, 'retried');
      span.recordException(error instanceof Error ? error : String(error));
      msg.nak(delay);
      return false;
    }
  }

  log.info('listening');
  return {
    durable,
    async stop() {
      stopping = true;
      await messages?.close().catch(() => undefined);
      await Promise.allSettled([...inFlight]);
      await loop.catch(() => undefined);
    },
  };
}
