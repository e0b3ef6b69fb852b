import { authedUser, type EventStream, requireAuth } from '@ticketing/common';
import { Router } from 'express';

/**
 * GET /api/orders/live (extending DESIGN §3): Server-Sent Events of the signed-in buyer's own orders, `event: order`
 * with `{ id, version, status }` when one is placed, cancelled (by the buyer, expiry or a failed payment) or
 * completed. 401 when signed out. As for tickets' feed, a page reloads what it shows when its stream (re)opens and
 * applies only newer versions; 429 when this buyer already holds 10 streams, 503 when the process holds its 500 (the
 * page then polls).
 */
export function liveOrdersRouter(stream: EventStream<string>): Router {
  return Router().get(
    '/api/orders/live',
    requireAuth,
    stream.handler((req) => authedUser(req).id),
  );
}
