import type { ServiceDefinition } from '@ticketing/common';
import { buildApp } from './app';
import type { Config } from './config';
import { listeners, publishes } from './events';
import { orderEvents } from './models/order-effects';
import { ticketLog } from './models/ticket';

/** The tickets service: what it stores, publishes and consumes, and its app (boot order: common's startService). */
export function ticketsService(config: Config): ServiceDefinition {
  return {
    name: 'tickets',
    config,
    publishes,
    listeners,
    // ticketLog's events go out through the outbox relay; orderEvents stores no events, it is here for its indexes.
    logs: [ticketLog, orderEvents],
    buildApp: ({ log, isReady }) => buildApp({ log, isReady, config }),
  };
}
