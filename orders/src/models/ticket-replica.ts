import { defineReplica, type ApplyOutcome, type Versioned } from '@ticketing/common';

/**
 * What orders knows of a ticket (DESIGN §4): enough to price an order and to refuse a seller's own ticket, and which
 * order tickets reserved it for.
 */
export interface TicketReplicaDoc extends Versioned {
  title: string;
  price: number;
  userId: string;
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
  reservedFor: { type: String },
});

export const TicketReplica = ticketReplica.model;

/** The newest replicated version of a ticket, or null if orders has not heard of it. */
export async function findReplicatedTicket(id: string): Promise<ReplicaTicket | null> {
  const doc = await ticketReplica.find(id);
  return doc ? { id: doc._id, version: doc.version, title: doc.title, price: doc.price, userId: doc.userId } : null;
}

/**
 * Applies one version received from tickets (a duplicate is `already-applied`, a gap is `ahead`); `orderId`, when the
 * version names the order holding the ticket, becomes `reservedFor`.
 */
export function applyTicketVersion(data: ReplicaTicket & { orderId?: string | undefined }): Promise<ApplyOutcome> {
  const { id, version, title, price, userId, orderId } = data;
  return ticketReplica.apply(id, version, {
    title,
    price,
    userId,
    ...(orderId !== undefined && { reservedFor: orderId }),
  });
}

/** Whether tickets has reserved `ticketId` for `orderId` (see `reservedFor`); one lookup by `_id`. */
export async function isReservedFor(ticketId: string, orderId: string): Promise<boolean> {
  return (await ticketReplica.find(ticketId))?.reservedFor === orderId;
}
