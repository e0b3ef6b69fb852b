import { ConflictError } from '@ticketing/common';
import { orderLog } from './order-log';
import { findReservation, insertReservation, releaseReservation } from './reservation';

/**
 * A reservation with no order after this long was left by a process that died between reserving and storing the
 * order. place-order gives up on its own reservation well before (ABANDON_AFTER_MS), so a slow but living process
 * never sees its reservation taken over.
 */
export const STALE_RESERVATION_MS = 30_000;

/**
 * Reserves `ticketId` for `orderId` with a unique-key insert (DESIGN §7: exactly one of any number of concurrent
 * orders wins). Resolves with the reservation's time; throws ConflictError (409) when a live order holds the ticket.
 */
export async function reserveTicket(ticketId: string, orderId: string): Promise<Date> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    const reservedAt = new Date();
    if (await insertReservation(ticketId, orderId, reservedAt)) return reservedAt;
    // Only once: a second E11000 means another buyer got in first, which is a plain conflict.
    if (attempt === 1 && (await releaseIfAbandoned(ticketId))) continue;
    break;
  }
  throw new ConflictError('Ticket is already reserved');
}

/**
 * Stale reservations must not lock a ticket forever. A holder is abandoned when its order is cancelled (the
 * process that cancelled it died before releasing), or when it has no order at all and is older than
 * STALE_RESERVATION_MS (the process died between reserving and storing the order). Then the holder's reservation
 * is released (the delete is filtered by its orderId, and claimed, see releaseReservation) and the caller tries
 * once more. Returns true when the caller should try again.
 */
async function releaseIfAbandoned(ticketId: string): Promise<boolean> {
  const holder = await findReservation(ticketId);
  if (!holder) return true; // released between our insert and this read
  const order = await orderLog.latest(holder.orderId);
  const abandoned = order
    ? order.state.status === 'cancelled'
    : Date.now() - new Date(holder.createdAt).getTime() > STALE_RESERVATION_MS;
  if (!abandoned) return false;
  await releaseReservation(ticketId, holder.orderId);
  return true;
}
