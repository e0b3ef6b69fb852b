import { defineReplica, type ApplyOutcome, type Versioned } from '@ticketing/common';

/** What orders knows of a ticket (DESIGN §4): enough to price an order and to refuse a seller's own ticket. */
export interface TicketReplicaDoc extends Versioned {
  title: string;
  price: number;
  userId: string;
}

/** A ticket as the replica holds it, with its id as `id`. */
export type ReplicaTicket = Omit<TicketReplicaDoc, '_id'> & { id: string };

/** The replica of tickets' tickets, changed only by TicketCreated/TicketUpdated, each version once and in order. */
export const ticketReplica = defineReplica<TicketReplicaDoc>('TicketReplica', 'tickets', {
  title: { type: String, required: true },
  price: { type: Number, required: true },
  userId: { type: String, required: true },
});

export const TicketReplica = ticketReplica.model;

/** The newest replicated version of a ticket, or null if orders has not heard of it. */
export async function findReplicatedTicket(id: string): Promise<ReplicaTicket | null> {
  const doc = await ticketReplica.find(id);
  return doc ? { id: doc._id, version: doc.version, title: doc.title, price: doc.price, userId: doc.userId } : null;
}

/** Applies one version received from tickets (a duplicate is `already-applied`, a gap is `ahead`). */
export function applyTicketVersion(data: ReplicaTicket): Promise<ApplyOutcome> {
  const { id, version, title, price, userId } = data;
  return ticketReplica.apply(id, version, { title, price, userId });
}
