import { ConflictError } from '@ticketing/common';
import type { EntryJson } from '@ticketing/common';
import { Order, type OrderDoc } from '../models/order';
import { findReplicatedTicket } from '../models/ticket-replica';
import { findUserEmail } from '../models/user-replica';
import type { EticketClaims } from './code';
import { usableFilter, whyUnusable } from './usable';

/** 409 for a code of another event than the one at whose door it is scanned. */
export const OTHER_EVENT_MESSAGE = 'This ticket is for another event';

/**
 * Admits the e-ticket of verified `claims` at the door of `eventId` (DESIGN §12): ONE conditional update of the order
 * (usable-filter: completed, this serial, unused) sets `usedAt`, so of any number of doors and replicas scanning it at
 * once exactly one admits it; the others are told why not (409). What the door shows is read after the admission.
 */
export async function checkIn(
  eventId: string,
  claims: EticketClaims,
  now = new Date(),
): Promise<Omit<EntryJson, 'tally'>> {
  if (claims.eventId !== eventId) throw new ConflictError(OTHER_EVENT_MESSAGE);
  const order = await Order.findById(claims.orderId, { outbox: 0 }).lean<OrderDoc>().exec();
  // Orders signed the code, so the order exists; the claims and the order agree unless the order is not the one signed.
  if (!order || order.ticket.id !== claims.ticketId) throw new ConflictError('No such order');
  // Refuses early what cannot be admitted (a cancelled event is not in the filter: it is recorded elsewhere).
  const early = await whyUnusable(order, claims.serial);
  if (early) throw new ConflictError(early);
  const admitted = (await Order.collection.findOneAndUpdate(
    usableFilter(claims.orderId, claims.serial) as never,
    { $set: { 'eticket.usedAt': now.toISOString() } },
    { returnDocument: 'after', projection: { outbox: 0 } },
  )) as OrderDoc | null;
  if (!admitted) {
    // Another door or a transfer won meanwhile: say which, from what it stored.
    const current = await Order.findById(claims.orderId, { outbox: 0 }).lean<OrderDoc>().exec();
    throw new ConflictError((current && (await whyUnusable(current, claims.serial))) ?? 'Not admitted; scan again');
  }
  const [ticket, email] = await Promise.all([
    findReplicatedTicket(admitted.ticket.id),
    findUserEmail(admitted.holderId ?? admitted.userId),
  ]);
  return {
    admitted: true,
    // The event's title as tickets sent it; an event sent before titles travelled is shown by its ticket's title.
    event: { id: eventId, title: ticket?.event?.title ?? admitted.ticket.title },
    ticket: { id: admitted.ticket.id, title: admitted.ticket.title },
    holder: { email: email ? maskEmail(email) : 'unknown' },
  };
}

/** `jane@example.com` → `j***@example.com`: enough for the door to ask a name, not enough to harvest addresses. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}
