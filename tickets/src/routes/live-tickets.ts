import type { EventStream } from '@ticketing/common';
import { Router } from 'express';

/**
 * GET /api/tickets/live (extending DESIGN §3): Server-Sent Events, `event: ticket` with `{ id, version, status }`
 * for every ticket created, reserved, released, sold or edited, as it happens. A page applies a change only when its
 * version is newer than what it shows, and reloads what it shows when its stream (re)opens, since nothing missed
 * while disconnected is sent again. 429 when this client (its user, or its address: an IPv6 /64) already holds 10
 * streams, 503 when the process holds its 500: the page then polls.
 */
export function liveTicketsRouter(stream: EventStream<undefined>): Router {
  return Router().get(
    '/api/tickets/live',
    stream.handler(() => undefined),
  );
}
