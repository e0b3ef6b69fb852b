import type { EventContract, EventData } from '../events/define-event';
import type { Bus } from './connect-bus';

/** A running {@link subscribeLive} subscription. */
export interface LiveSubscription {
  readonly subject: string;
  /** Unsubscribes; messages already received are still handled. Idempotent. */
  stop(): void;
}

/**
 * A plain core-NATS subscription to one event's subject, for live views (Server-Sent Events), not for state: every
 * replica of the service gets every message (no queue group, no durable consumer), nothing is acked, and a message
 * published while this connection was down is not delivered later. So a live view must be able to catch up by itself
 * (the browser reloads the state when its stream reconnects). The same messages reach the JetStream stream as usual:
 * a publish to a stream subject is also an ordinary NATS message.
 * Each payload is checked against the contract; an invalid one is logged and skipped, and a handler that throws is
 * logged: neither ends the subscription.
 */
export function subscribeLive<C extends EventContract>(
  bus: Bus,
  event: C,
  handle: (data: EventData<C>) => void | Promise<void>,
): LiveSubscription {
  const subject = event.subject;
  const log = bus.log.child({ subject, live: true });
  const sub = bus.nc.subscribe(subject);
  void (async () => {
    for await (const msg of sub) {
      let data: EventData<C>;
      try {
        data = event.parse(msg.json()).data as EventData<C>;
      } catch (error) {
        log.warn({ err: error }, 'live event skipped: not a valid event');
        continue;
      }
      try {
        await handle(data);
      } catch (error) {
        log.warn({ err: error }, 'live event handler failed');
      }
    }
  })();
  return {
    subject,
    stop() {
      if (!sub.isClosed()) sub.unsubscribe();
    },
  };
}
