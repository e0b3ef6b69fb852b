import { EntityStore, type Owned, versionedSchema, defineModel } from '@ticketing/common';
import { Schema } from 'mongoose';
import type { EventStatus, TicketEvent, TicketJson, TicketStatus } from '@ticketing/common';
import { applyListingChange } from './listing-summary';
import { ticketStatus } from './ticket-status';

export { ticketStatus };

/**
 * The event a ticket is listed for, copied onto the ticket when it is listed (DESIGN §12): an event's title, venue,
 * start and on-sale rules never change, so the ticket's JSON and its events need no second read; `status` is set
 * when the event is cancelled (withdraw-listings.ts).
 */
export interface TicketEventSnapshot {
  id: string;
  title: string;
  venue: string;
  city: string;
  startsAt: Date;
  status: EventStatus;
  onSaleAt?: Date;
  waitingRoom: boolean;
  queueMinutes?: number;
}

/** A ticket as stored (DESIGN §4): one document, `version` + `outbox` (DESIGN §6). */
export interface TicketDoc extends Owned {
  title: string;
  price: number;
  userId: string;
  /** Set while an order holds the ticket, and kept once that order has paid (`sold`). */
  orderId?: string;
  sold?: boolean;
  /** Absent for a ticket listed without an event (the seed's "Other listings"). */
  event?: TicketEventSnapshot;
  /** Set when its event is cancelled and it was not sold: never orderable again (DESIGN §12). */
  withdrawn?: boolean;
}

/** The fields a ticket's state is made of (what TicketUpdated reports). */
export type TicketState = Pick<TicketDoc, 'title' | 'price' | 'userId' | 'orderId' | 'sold' | 'event' | 'withdrawn'>;

// A ticket's JSON answer is common's API contract, which the web client reads too.
export type { TicketJson, TicketStatus };

const ticketSchema = versionedSchema<TicketDoc>(
  {
    title: { type: String, required: true },
    price: { type: Number, required: true },
    userId: { type: String, required: true },
    orderId: { type: String },
    sold: { type: Boolean },
    event: {
      type: new Schema(
        {
          id: { type: String, required: true },
          title: { type: String, required: true },
          venue: { type: String, required: true },
          city: { type: String, required: true },
          startsAt: { type: Date, required: true },
          status: { type: String, required: true },
          onSaleAt: { type: Date },
          waitingRoom: { type: Boolean, required: true },
          queueMinutes: { type: Number },
        },
        { _id: false },
      ),
    },
    withdrawn: { type: Boolean },
  },
  // `_id` is an ObjectId hex string, which sorts by creation time: its own index serves "newest first" and the
  // `before` cursor of the list, so no other index is needed.
  { collection: 'tickets', outbox: true },
);

// A seller's own tickets, newest first (GET /api/tickets/mine).
ticketSchema.index({ userId: 1, _id: -1 });
// An event's listings cheapest first (GET /api/events/:id/tickets), and all of them when it is cancelled. Production
// only: the local engine ignores non-unique indexes and scans.
ticketSchema.index({ 'event.id': 1, price: 1, _id: 1 });

export const Ticket = defineModel<TicketDoc>('Ticket', ticketSchema);

/**
 * The tickets, the one store through which they are written: a seller's edit and an order's reservation are both a
 * conditional update on the ticket's version, so neither can undo the other (update-ticket.ts, order-effects.ts).
 * Each TicketCreated and TicketUpdated, once published, also updates its event's listing summary before it leaves
 * the outbox (listing-summary.ts), so a crash cannot lose that either.
 */
export const tickets = new EntityStore(Ticket, { relayed: applyListingChange });

/**
 * The event as the ticket's events carry it (DESIGN §12): what orders needs to close sales and run the on-sale, and
 * the title its door shows.
 */
export function ticketEventOf(event: TicketEventSnapshot): TicketEvent {
  return {
    id: event.id,
    title: event.title,
    startsAt: event.startsAt.toISOString(),
    ...(event.onSaleAt && { onSaleAt: event.onSaleAt.toISOString() }),
    waitingRoom: event.waitingRoom,
    ...(typeof event.queueMinutes === 'number' && { queueMinutes: event.queueMinutes }),
  };
}

/** The JSON of a ticket; `orderId` only when set (never `null`). */
export function toTicketJson(ticket: TicketDoc): TicketJson {
  return {
    id: ticket._id,
    title: ticket.title,
    price: ticket.price,
    userId: ticket.userId,
    version: ticket.version,
    ...(ticket.orderId ? { orderId: ticket.orderId } : {}),
    status: ticketStatus(ticket),
    ...(ticket.event && {
      event: {
        id: ticket.event.id,
        title: ticket.event.title,
        venue: ticket.event.venue,
        city: ticket.event.city,
        startsAt: ticket.event.startsAt.toISOString(),
        status: ticket.event.status,
      },
    }),
  };
}
