import { EntityStore, type Owned, versionedSchema, defineModel } from '@ticketing/common';
import type { TicketJson, TicketStatus } from '@ticketing/common';

/** A ticket as stored (DESIGN §4): one document, `version` + `outbox` (DESIGN §6). */
export interface TicketDoc extends Owned {
  title: string;
  price: number;
  userId: string;
  /** Set while an order holds the ticket, and kept once that order has paid (`sold`). */
  orderId?: string;
  sold?: boolean;
}

/** The fields a ticket's state is made of (what TicketUpdated reports). */
export type TicketState = Pick<TicketDoc, 'title' | 'price' | 'userId' | 'orderId' | 'sold'>;

// A ticket's JSON answer is common's API contract, which the web client reads too.
export type { TicketJson, TicketStatus };

const ticketSchema = versionedSchema<TicketDoc>(
  {
    title: { type: String, required: true },
    price: { type: Number, required: true },
    userId: { type: String, required: true },
    orderId: { type: String },
    sold: { type: Boolean },
  },
  // `_id` is an ObjectId hex string, which sorts by creation time: its own index serves "newest first" and the
  // `before` cursor of the list, so no other index is needed.
  { collection: 'tickets', outbox: true },
);

// A seller's own tickets, newest first (GET /api/tickets/mine).
ticketSchema.index({ userId: 1, _id: -1 });

export const Ticket = defineModel<TicketDoc>('Ticket', ticketSchema);

/**
 * The tickets, the one store through which they are written: a seller's edit and an order's reservation are both a
 * conditional update on the ticket's version, so neither can undo the other (update-ticket.ts, order-effects.ts).
 */
export const tickets = new EntityStore(Ticket);

export function ticketStatus(ticket: TicketState): TicketStatus {
  if (ticket.sold) return 'sold';
  return ticket.orderId ? 'reserved' : 'available';
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
  };
}
