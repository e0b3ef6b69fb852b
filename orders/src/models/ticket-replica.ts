import { defineReplica, type ApplyOutcome, type TicketEvent, type Versioned } from '@ticketing/common';
import { Schema } from 'mongoose';

/**
 * What orders knows of a ticket (DESIGN §4, §12): enough to price an order, to refuse a seller's own ticket and to
 * close its sales when its event starts or before its on-sale, and which order tickets reserved it for.
 */
export interface TicketReplicaDoc extends Versioned {
  title: string;
  price: number;
  /** The seller: refused as a buyer, and carried on OrderCreated as `sellerId`. */
  userId: string;
  /** The event the ticket is for; absent for a ticket listed without one (the seed's behaviour: no date rules). */
  event?: TicketEvent;
  /** True once tickets has withdrawn the ticket from sale (its event was cancelled): it cannot be ordered. */
  withdrawn?: boolean;
  /**
   * The last order tickets reserved the ticket for (a TicketUpdated naming it), kept after its release: tickets
   * releases a ticket only once its order is cancelled, so an open order named here holds the ticket at tickets
   * (DESIGN §16: an order completes only with its reservation).
   */
  reservedFor?: string;
}

/** A ticket as the replica holds it, with its id as `id` (what an order is priced from). */
export type ReplicaTicket = Omit<TicketReplicaDoc, '_id' | 'reservedFor'> & { id: string };

/** The replica of tickets' tickets, changed only by TicketCreated/TicketUpdated, each version once and in order. */
export const ticketReplica = defineReplica<TicketReplicaDoc>('TicketReplica', 'tickets', {
  title: { type: String, required: true },
  price: { type: Number, required: true },
  userId: { type: String, required: true },
  event: {
    type: new Schema(
      {
        id: { type: String, required: true },
        // What the door shows on entry (DESIGN §12); absent when tickets sent the event without it.
        title: String,
        startsAt: { type: String, required: true },
        onSaleAt: String,
        waitingRoom: { type: Boolean, required: true },
        queueMinutes: Number,
      },
      { _id: false, id: false },
    ),
  },
  withdrawn: { type: Boolean },
  reservedFor: { type: String },
});

export const TicketReplica = ticketReplica.model;

/** The newest replicated version of a ticket, or null if orders has not heard of it. */
export async function findReplicatedTicket(id: string): Promise<ReplicaTicket | null> {
  const doc = await ticketReplica.find(id);
  if (!doc) return null;
  const { _id, version, title, price, userId, event, withdrawn } = doc;
  return { id: _id, version, title, price, userId, ...(event && { event }), ...(withdrawn && { withdrawn }) };
}

/**
 * Applies one version received from tickets (a duplicate is `already-applied`, a gap is `ahead`); `orderId`, when the
 * version names the order holding the ticket, becomes `reservedFor`. A version's `event` replaces the one stored (its
 * on-sale rules may change); a ticket never leaves its event, so a version without one leaves it as it was. So for
 * `withdrawn`: a withdrawal is final (its event was cancelled), so it is kept once a version says so.
 */
export function applyTicketVersion(
  data: Omit<ReplicaTicket, 'event' | 'withdrawn'> & {
    event?: TicketEvent | undefined;
    withdrawn?: boolean | undefined;
    orderId?: string | undefined;
  },
): Promise<ApplyOutcome> {
  const { id, version, title, price, userId, event, withdrawn, orderId } = data;
  return ticketReplica.apply(id, version, {
    title,
    price,
    userId,
    ...(event !== undefined && { event }),
    ...(withdrawn === true && { withdrawn }),
    ...(orderId !== undefined && { reservedFor: orderId }),
  });
}

/** Whether tickets has reserved `ticketId` for `orderId` (see `reservedFor`); one lookup by `_id`. */
export async function isReservedFor(ticketId: string, orderId: string): Promise<boolean> {
  return (await ticketReplica.find(ticketId))?.reservedFor === orderId;
}
