import type { Bus } from '../bus/connect-bus';
import type { LiveSubscription } from '../bus/subscribe-live';
import type { EventStream } from '../http/event-stream';
import type { Dependency } from './start-service';

/**
 * A live feed as a service dependency (ServiceDefinition.connect): the bus subscriptions that feed an event stream,
 * made once the bus is up. On shutdown it ends the open streams first (stopServing: they would hold the server open)
 * and unsubscribes when dependencies close. It is never what makes a service unready: without it the pages poll.
 */
export function liveFeedDependency<Audience>(
  name: string,
  stream: EventStream<Audience>,
  subscribe: (bus: Bus) => LiveSubscription[],
  bus: Bus,
): Dependency {
  const subscriptions = subscribe(bus);
  return {
    name,
    isReady: () => true,
    stopServing: () => stream.close(),
    close: async () => {
      for (const subscription of subscriptions) subscription.stop();
      stream.close();
    },
  };
}
