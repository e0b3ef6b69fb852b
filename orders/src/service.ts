import type { ServiceDefinition } from '@ticketing/common';
import { buildApp } from './app';
import type { Config } from './config';
import { listeners, publishes } from './events';
import { orders } from './models/order';
import { ticketReplica } from './models/ticket-replica';

/** The orders service: the 15-minute lock on a ticket (DESIGN §7). */
export function ordersService(config: Config): ServiceDefinition {
  return {
    name: 'orders',
    config,
    publishes,
    listeners,
    stores: [orders],
    replicas: [ticketReplica],
    buildApp: ({ log, isReady }) => buildApp({ log, isReady, config }),
  };
}
