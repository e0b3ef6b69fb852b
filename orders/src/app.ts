import { createUserApp, type EventStream, type UserAppContext } from '@ticketing/common';
import type express from 'express';
import type { Config } from './config';
import { cancelOrderRouter } from './routes/cancel-order';
import { createOrderRouter } from './routes/create-order';
import { entriesRouter } from './routes/entries';
import { eticketKeyRouter } from './routes/eticket-key';
import { listOrdersRouter } from './routes/list-orders';
import { liveOrdersRouter } from './routes/live-orders';
import { showOrderRouter } from './routes/show-order';
import { transferOrderRouter } from './routes/transfer-order';

/** The orders app: no I/O at build time (STYLE, practica); index.ts owns the lifecycle. */
export function buildApp(
  context: UserAppContext<Config> & {
    /** The live feed's stream (events/order-feed.ts). */
    liveStream: EventStream<string>;
  },
): express.Express {
  const { config } = context;
  const keys = config.ETICKET_PRIVATE_KEY;
  return createUserApp(context, {
    routers: [
      createOrderRouter({
        expirationWindowSeconds: config.EXPIRATION_WINDOW_SECONDS,
        maxOpenPerBuyer: config.ORDERS_MAX_OPEN_PER_BUYER,
        queuePassKey: config.QUEUE_PASS_KEY,
      }),
      listOrdersRouter(keys.privateKey),
      // Before /api/orders/:id, which would take `live` and `eticket-key` for ids.
      liveOrdersRouter(context.liveStream),
      eticketKeyRouter(keys),
      showOrderRouter(keys.privateKey),
      cancelOrderRouter,
      transferOrderRouter(keys.privateKey),
      entriesRouter(keys.publicKey),
    ],
  });
}
