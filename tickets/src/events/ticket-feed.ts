import {
  type Bus,
  createEventStream,
  type Dependency,
  type EventStream,
  liveFeedDependency,
  subscribeLive,
  TicketCreated,
  type TicketStatusChange,
  TicketUpdated,
} from '@ticketing/common';
import { ticketStatus } from '../models/ticket';

/** The live feed of ticket statuses: the stream the route serves, and what feeds it from the bus. */
export interface TicketFeed {
  stream: EventStream<undefined>;
  connect(bus: Bus): Dependency;
}

/**
 * Feeds GET /api/tickets/live from this service's own TicketCreated and TicketUpdated, through a plain core-NATS
 * subscription: every replica must see every change, since each holds its own browsers' streams (a durable consumer
 * would hand each event to one replica only). Public: a ticket's status is on the public list anyway.
 */
export function createTicketFeed(): TicketFeed {
  const stream = createEventStream();
  const send = (change: TicketStatusChange): void => void stream.send('ticket', change);
  return {
    stream,
    connect: (bus) =>
      liveFeedDependency(
        'ticket-feed',
        stream,
        (b) => [
          subscribeLive(b, TicketCreated, (d) => send({ id: d.id, version: d.version, status: 'available' })),
          subscribeLive(b, TicketUpdated, (d) => send({ id: d.id, version: d.version, status: ticketStatus(d) })),
        ],
        bus,
      ),
  };
}
