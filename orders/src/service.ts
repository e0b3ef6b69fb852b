import type { ServiceDefinition } from '@ticketing/common';
import { buildApp } from './app';
import type { Config } from './config';
import { listeners, publishes } from './events';
import { createOrderFeed } from './events/order-feed';
import { orders } from './models/order';
import { ticketReplica } from './models/ticket-replica';

/** The orders service: the 15-minute lock on a ticket (DESIGN §7). */
export function ordersService(config: Config): ServiceDefinition {
  const feed = createOrderFeed();
  return {
    name: 'orders',
    config,
    publishes,
    listeners,
    stores: [orders],
    replicas: [ticketReplica],
    connect: async ({ bus }) => [feed.connect(bus)],
    buildApp: ({ log, isReady }) => buildApp({ log, isReady, config, liveStream: feed.stream }),
  };
}
