import { drainBus, type Bus } from '@ticketing/common';
import { connectTestBus, testMongoUri, type ServiceProcess } from '@ticketing/testing';
import type { Connection } from 'mongoose';
import { openDatabase } from './database';
import { buildOrders, startOrdersProcess, startTicketsProcess } from './processes';

/** Tickets and orders as child processes on one bus, each with a fresh database, plus the test's own views of both. */
export interface TwoServices {
  tickets: ServiceProcess;
  orders: ServiceProcess;
  /** The test's bus connection (reads the stream). */
  bus: Bus;
  ticketsDb: Connection;
  ordersDb: Connection;
  /** Stops both services (SIGTERM) and closes the test's connections; the bus server is the caller's. */
  stop(): Promise<void>;
}

/**
 * Builds orders, then starts tickets and orders against `natsUrl` (one server, or a cluster's URL list, whose streams
 * the test kit made) with `env` added to both.
 */
export async function startTwoServices(options: {
  natsUrl: string;
  /** Names the two databases (`<prefix>_tickets_…`, `<prefix>_orders_…`). */
  prefix: string;
  env?: Record<string, string>;
}): Promise<TwoServices> {
  buildOrders();
  const ticketsUri = testMongoUri(`${options.prefix}_tickets`);
  const ordersUri = testMongoUri(`${options.prefix}_orders`);
  const env = { NATS_URL: options.natsUrl, ...options.env };
  const [tickets, orders] = await Promise.all([
    startTicketsProcess({ MONGO_URI: ticketsUri, ...env }),
    startOrdersProcess('orders', { MONGO_URI: ordersUri, ...env }),
  ]);
  const bus = await connectTestBus(options.natsUrl);
  const [ticketsDb, ordersDb] = await Promise.all([openDatabase(ticketsUri), openDatabase(ordersUri)]);
  return {
    tickets,
    orders,
    bus,
    ticketsDb,
    ordersDb,
    async stop() {
      await Promise.all([tickets.stop(), orders.stop()]);
      await Promise.all([ticketsDb.close(), ordersDb.close()]);
      await drainBus(bus);
    },
  };
}
