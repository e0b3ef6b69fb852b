import type { EventStatus } from './event';
import type { StatusChange } from './status-change';

/**
 * Where a ticket stands for a buyer: on sale, held by an order (for its lock's time, DESIGN §7), paid for, or
 * withdrawn from sale because its event was cancelled (DESIGN §12).
 */
export type TicketStatus = 'available' | 'reserved' | 'sold' | 'withdrawn';

/** The event a ticket is listed for, as the ticket's JSON carries it (DESIGN §12). */
export interface TicketEventJson {
  id: string;
  title: string;
  venue: string;
  city: string;
  /** ISO 8601. */
  startsAt: string;
  status: EventStatus;
}

/**
 * A ticket as every tickets route answers it (DESIGN §4): POST /api/tickets, PUT and GET /api/tickets/:id, and each
 * item of GET /api/tickets and GET /api/tickets/mine (plain arrays, newest first).
 */
export interface TicketJson {
  id: string;
  title: string;
  /** In dollars, at most 2 decimals. */
  price: number;
  /** The seller. */
  userId: string;
  version: number;
  /** Set while an order holds the ticket, and kept once that order has paid (`sold`); absent otherwise, never null. */
  orderId?: string;
  status: TicketStatus;
  /** The event the ticket is for; absent for a ticket listed without one (the seed's "Other listings"). */
  event?: TicketEventJson;
}

/** One message of GET /api/tickets/live (`event: ticket`). */
export type TicketStatusChange = StatusChange<TicketStatus>;
