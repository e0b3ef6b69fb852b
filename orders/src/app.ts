import { createUserApp, type EventStream, type UserAppContext } from '@ticketing/common';
import type express from 'express';
import type { Config } from './config';
import { cancelOrderRouter } from './routes/cancel-order';
import { createOrderRouter } from './routes/create-order';
import { listOrdersRouter } from './routes/list-orders';
import { liveOrdersRouter } from './routes/live-orders';
import { showOrderRouter } from './routes/show-order';

/** The orders app: no I/O at build time (STYLE, practica); index.ts owns the lifecycle. */
export function buildApp(
  context: UserAppContext<Config> & {
    /** The live feed's stream (events/order-feed.ts). */
    liveStream: EventStream<string>;
  },
): express.Express {
  const { config } = context;
  return createUserApp(context, {
    routers: [
      createOrderRouter({
        expirationWindowSeconds: config.EXPIRATION_WINDOW_SECONDS,
        maxOpenPerBuyer: config.ORDERS_MAX_OPEN_PER_BUYER,
      }),
      listOrdersRouter,
      // Before /api/orders/:id, which would take `live` for an id.
      liveOrdersRouter(context.liveStream),
      showOrderRouter,
      cancelOrderRouter,
    ],
  });
}
