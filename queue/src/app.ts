import { createUserApp, type Redis, type UserAppContext } from '@ticketing/common';
import type express from 'express';
import type { Config } from './config';
import type { StatusFeed } from './rooms/status-feed';
import { joinQueueRouter } from './routes/join-queue';
import { queueStreamRouter } from './routes/queue-stream';
import { showQueueStatusRouter } from './routes/show-queue-status';

/** The queue app (DESIGN §13): no I/O at build time (STYLE, practica); index.ts owns the lifecycle. */
export function buildApp(context: UserAppContext<Config> & { redis: Redis; feed: StatusFeed }): express.Express {
  const options = { redis: context.redis, passKey: context.config.QUEUE_PASS_KEY, feed: context.feed };
  return createUserApp(context, {
    routers: [joinQueueRouter(options), queueStreamRouter(options), showQueueStatusRouter(options)],
  });
}
