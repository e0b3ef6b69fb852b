import {
  connectBus,
  createLogger,
  drainBus,
  durableName,
  listen,
  type Bus,
  type EventContract,
  type EventData,
  type Listener,
} from '@ticketing/common';
import type { BusService } from '@ticketing/local';
import { testBusLogin } from './bus-credentials';
import { publishEvent, settled } from './bus-helpers';

/** A listener running as another replica would run it; `stop()` lets its handlers in flight finish and disconnects. */
export interface ListenerReplica {
  stop(): Promise<void>;
}

/**
 * Starts one more replica of `service`'s `listener` in this test process, on the NATS server at `natsUrl`: its own
 * connection, logged in as the service (exactly its rights), pulling from the service's durable, which it shares
 * with the service under test (DESIGN §5: one delivery per service, whatever the replica count), and writing to the
 * same database (mongoose is one per process), as a second pod does.
 */
export async function startListenerReplica<C extends EventContract>(
  natsUrl: string,
  service: BusService,
  listener: Listener<C>,
): Promise<ListenerReplica> {
  const bus = await connectBus({
    url: natsUrl,
    credentials: testBusLogin(service),
    service,
    log: createLogger(`${service}-replica`, process.env.TEST_LOG_LEVEL ?? 'silent'),
  });
  const running = await listen(bus, listener);
  return {
    async stop() {
      await running.stop();
      await drainBus(bus);
    },
  };
}

/**
 * The exactly-once test of a listener: `data` delivered three times (each copy with its own id, as a publisher's
 * retry or a replay brings it again) to the service's durable while a second replica of `listener` reads it beside
 * the service's own: two copies at once, which the two replicas handle at the same time, then one more after both are
 * done. Resolves once the durable has settled and the second replica has stopped.
 */
export async function deliverToTwoReplicas<C extends EventContract>(options: {
  /** The test's bus (publishes, and watches the durable). */
  bus: Bus;
  natsUrl: string;
  service: BusService;
  listener: Listener<C>;
  data: EventData<C>;
  timeoutMs?: number;
}): Promise<void> {
  const { bus, listener, data } = options;
  const durable = durableName(options.service, listener.event.subject);
  const replica = await startListenerReplica(options.natsUrl, options.service, listener);
  try {
    await Promise.all([publishEvent(bus, listener.event, data), publishEvent(bus, listener.event, data)]);
    await settled(bus, durable, options.timeoutMs);
    await publishEvent(bus, listener.event, data);
    await settled(bus, durable, options.timeoutMs);
  } finally {
    await replica.stop();
  }
}
