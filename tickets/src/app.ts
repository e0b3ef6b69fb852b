import { createUserApp, type EventStream, type UserAppContext } from '@ticketing/common';
import type express from 'express';
import type { Config } from './config';
import { cancelEventRouter } from './routes/cancel-event';
import { createEventRouter } from './routes/create-event';
import { createTicketRouter } from './routes/create-ticket';
import { listEventTicketsRouter } from './routes/list-event-tickets';
import { listEventsRouter } from './routes/list-events';
import { listMyTicketsRouter } from './routes/list-my-tickets';
import { listTicketsRouter } from './routes/list-tickets';
import { liveTicketsRouter } from './routes/live-tickets';
import { showEventRouter } from './routes/show-event';
import { showTicketRouter } from './routes/show-ticket';
import { updateTicketRouter } from './routes/update-ticket';

/** The tickets HTTP API (DESIGN §3) and the events catalogue (§12); no I/O here, the boot is runService's. */
export function buildApp(
  options: UserAppContext<Config> & {
    /** The live feed's stream (events/ticket-feed.ts). */
    liveStream: EventStream<undefined>;
  },
): express.Express {
  return createUserApp(options, {
    // The fixed paths before /api/tickets/:id, which would take `live` and `mine` for ids (and answer 404).
    routers: [
      listTicketsRouter,
      liveTicketsRouter(options.liveStream),
      listMyTicketsRouter,
      showTicketRouter,
      createTicketRouter,
      updateTicketRouter,
      // The catalogue (DESIGN §12).
      listEventsRouter,
      showEventRouter,
      listEventTicketsRouter,
      createEventRouter(options.config),
      cancelEventRouter,
    ],
  });
}
