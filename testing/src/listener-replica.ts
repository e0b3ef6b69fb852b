import { connectBus, createLogger, drainBus, listen, type Listener } from '@ticketing/common';
import type { BusService } from '@ticketing/local';
import { testBusLogin } from './bus-credentials';

/** A listener running as another replica would run it; `stop()` lets its handlers in flight finish and disconnects. */
export interface ListenerReplica {
  stop(): Promise<void>;
}

/**
 * Starts one more replica of `service`'s `listener` in this test process, on the NATS server at `natsUrl`: its own
 * connection, logged in as the service (exactly its rights), pulling from the service's durable, which it shares
 * with the service under test (DESIGN §5: one delivery per service, whatever the replica count), and writing to the
 * same database (mongoose is one per process), as a second pod does. With a message published twice, the two
 * replicas handle the copies at the same time: the exactly-once tests of a listener.
 */
export async function startListenerReplica(
  natsUrl: string,
  service: BusService,
  listener: Listener,
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
