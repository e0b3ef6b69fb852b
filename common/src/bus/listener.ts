import { AckPolicy, DeliverPolicy, type Consumer, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { EventContract, EventData } from '../events/define-event';
import type { EventEnvelope } from '../events/envelope';
import { InvalidEventError } from '../events/invalid-event-error';
import type { Bus } from './connect-bus';
import { durableName, STREAM_NAME } from './names';

const RETRY_LATER = Symbol('retryLater');

/** Returned by a handler that cannot apply its event yet (e.g. a version ahead of its predecessor). */
export interface RetryLater {
  readonly [RETRY_LATER]: true;
  readonly delayMs: number | undefined;
}

/**
 * Asks for redelivery without counting as a failure in the logs: after `delayMs`, or by default after a backoff that
 * grows with the delivery count (250 ms doubling to 5 s), so a predecessor stuck in its own retries has time to land.
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

/** What a handler gets besides the data: the envelope (id, occurredAt) and how many times it was delivered. */
export interface HandlerContext {
  envelope: EventEnvelope;
  deliveryCount: number;
  log: Bus['log'];
}

/** One subject consumed by one service. Build with {@link defineListener}, start with {@link listen}. */
export interface Listener<C extends EventContract = EventContract> {
  readonly event: C;
  /** Handles one event. Returning means done (ack); {@link retryLater} means redeliver; throwing means nak with backoff. */
  readonly handle: (data: EventData<C>, context: HandlerContext) => Promise<void | RetryLater>;
  /** How long the server waits for an ack before redelivering. Default 30 s. */
  readonly ackWaitMs: number;
  /** Deliveries after which a failing message is terminated and logged with its payload. Default 20 (about 80 s of backoff). */
  readonly maxDeliver: number;
  /** Messages handled at once by one process. Default 8. */
  readonly concurrency: number;
}

/** Defines a listener with defaults for the delivery settings. */
export function defineListener<C extends EventContract>(definition: {
  event: C;
  handle: Listener<C>['handle'];
  ackWaitMs?: number;
  maxDeliver?: number;
  concurrency?: number;
}): Listener<C> {
  return { ackWaitMs: 30_000, maxDeliver: 20, concurrency: 8, ...definition };
}

/** A running listener; `stop()` stops pulling and waits for the handlers in flight. */
export interface RunningListener {
  readonly durable: string;
  stop(): Promise<void>;
}

/**
 * Starts consuming `listener.event.subject` through the durable `<service>-<subject>`, shared by every replica of
 * the service (one delivery per service, whatever the replica count). The wrapper decides the ack:
 * invalid payload → term (logged with the problems and the payload); handler returned → ack; retryLater → nak(delay);
 * handler threw → nak with exponential backoff, and term + log at the `maxDeliver`-th delivery (term carries no
 * reason text: `+TERM <reason>` needs NATS 2.10 and Debian's 2.9 ignores it, so the reason is in the log). A handler's
 * exception never escapes into the process. The consume loop restarts if the subscription ends unexpectedly.
 */
export async function listen<C extends EventContract>(bus: Bus, listener: Listener<C>): Promise<RunningListener> {
  const subject = listener.event.subject;
  const durable = durableName(bus.service, subject);
  const log = bus.log.child({ durable, subject });
  const config = {
    durable_name: durable,
    filter_subject: subject,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: listener.ackWaitMs * 1_000_000,
    // The wrapper terminates at maxDeliver itself (so it can log the payload); the server bound is a safety net.
    max_deliver: listener.maxDeliver + 1,
    max_ack_pending: 1_000,
  };
  try {
    await bus.jsm.consumers.add(STREAM_NAME, config);
  } catch (error) {
    if (!/already exists|already in use/i.test(String(error))) throw error;
    await bus.jsm.consumers.update(STREAM_NAME, durable, config);
  }
  const consumer: Consumer = await bus.js.consumers.get(STREAM_NAME, durable);

  let stopping = false;
  let messages: ConsumerMessages | undefined;
  const inFlight = new Set<Promise<void>>();

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

  async function handleOne(msg: JsMsg): Promise<void> {
    const deliveryCount = msg.info.deliveryCount;
    let raw: unknown;
    try {
      raw = msg.json();
    } catch {
      log.error({ deliveryCount, payload: msg.string() }, 'event is not JSON; terminated');
      msg.term();
      return;
    }
    let envelope: EventEnvelope<EventData<C>>;
    try {
      envelope = listener.event.parse(raw) as EventEnvelope<EventData<C>>;
    } catch (error) {
      const problems = error instanceof InvalidEventError ? error.problems : [String(error)];
      log.error({ deliveryCount, problems, payload: raw }, 'invalid event; terminated');
      msg.term();
      return;
    }
    const eventLog = log.child({ eventId: envelope.id, deliveryCount });
    try {
      const outcome = await listener.handle(envelope.data, { envelope, deliveryCount, log: eventLog });
      if (isRetryLater(outcome)) {
        if (deliveryCount >= listener.maxDeliver) {
          eventLog.error({ payload: envelope }, 'event still not applicable after max deliveries; terminated');
          msg.term();
        } else {
          const delayMs = outcome.delayMs ?? backoffMs(deliveryCount);
          eventLog.debug({ delayMs }, 'event not applicable yet; redelivery requested');
          msg.nak(delayMs);
        }
        return;
      }
      msg.ack();
    } catch (error) {
      if (deliveryCount >= listener.maxDeliver) {
        eventLog.error({ err: error, payload: envelope }, 'event handler kept failing; terminated');
        msg.term();
      } else {
        const delay = backoffMs(deliveryCount);
        eventLog.warn({ err: error, retryInMs: delay }, 'event handler failed; will retry');
        msg.nak(delay);
      }
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
