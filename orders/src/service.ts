import type { ServiceDefinition } from '@ticketing/common';
import { buildApp } from './app';
import type { Config } from './config';
import { listeners, publishes } from './events';
import { orderLog } from './models/order-log';
import { Reservation, releaseClaims } from './models/reservation';
import { ticketLog } from './models/ticket-replica';

/** The orders service: the 15-minute lock on a ticket (DESIGN §7). */
export function ordersService(config: Config): ServiceDefinition {
  return {
    name: 'orders',
    config,
    publishes,
    listeners,
    // orderLog's events go out through the outbox relay; the other two are listed for their indexes (their records
    // carry no events, so the relay never finds anything pending in them).
    logs: [orderLog, ticketLog, releaseClaims],
    buildApp: ({ log, isReady }) => buildApp({ log, isReady, config }),
    // Create the reservations collection before the first request: on FerretDB, many concurrent first inserts into a
    // collection that does not exist yet race on creating it.
    onStarted: async () => {
      await Reservation.init();
    },
  };
}
