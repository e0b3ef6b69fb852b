import { VersionedLog, type ApplyOutcome } from '@ticketing/common';

/** What orders knows of a ticket (DESIGN §4): enough to price an order and to refuse a seller's own ticket. */
export interface TicketReplicaState {
  title: string;
  price: number;
  userId: string;
}

/** A ticket as the replica holds it. */
export interface ReplicaTicket extends TicketReplicaState {
  id: string;
  version: number;
}

/**
 * The replica of tickets' tickets, changed only by TicketCreated/TicketUpdated. Each applied version is a record
 * keyed `<ticketId>:<version>`, so a version is applied at most once and only after its predecessor (DESIGN §5, §6).
 */
export const ticketLog = new VersionedLog<TicketReplicaState>('tickets');

/** The newest replicated version of a ticket, or null if orders has not heard of it. */
export async function findTicket(id: string): Promise<ReplicaTicket | null> {
  const latest = await ticketLog.latest(id);
  if (!latest) return null;
  const { title, price, userId } = latest.state;
  return { id, version: latest.version, title, price, userId };
}

/**
 * Applies one version received from tickets: idempotent (a duplicate is `already-applied`) and ordered (a version
 * whose predecessor is missing is `ahead`; the listener asks for redelivery).
 */
export function applyTicketVersion(data: ReplicaTicket): Promise<ApplyOutcome> {
  const { id, version, title, price, userId } = data;
  return ticketLog.applyInOrder(id, version, { title, price, userId });
}
