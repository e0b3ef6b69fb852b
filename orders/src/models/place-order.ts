import { BadRequestError, newObjectId, OrderCreated, ServiceUnavailableError } from '@ticketing/common';
import { orderLog, recordToJson, type OrderJson, type OrderState } from './order-log';
import { releaseReservation } from './reservation';
import { reserveTicket, STALE_RESERVATION_MS } from './reserve-ticket';
import type { ReplicaTicket } from './ticket-replica';

/**
 * Gives up on our own reservation if storing the order would come this late: past STALE_RESERVATION_MS another
 * buyer may take the reservation over, and then storing our order would make two live orders for one ticket.
 */
const ABANDON_AFTER_MS = STALE_RESERVATION_MS / 2;

/**
 * Places an order for `ticket` (DESIGN §7): refuses the seller's own ticket (400), reserves the ticket atomically
 * (409 when a live order holds it), then stores order version 0 with its OrderCreated in one insert (the outbox
 * publishes it). The lock lasts `windowSeconds`.
 */
export async function placeOrder(input: {
  ticket: ReplicaTicket;
  userId: string;
  windowSeconds: number;
}): Promise<OrderJson> {
  const { ticket, userId, windowSeconds } = input;
  if (ticket.userId === userId) throw new BadRequestError('You cannot order your own ticket', 'ticketId');

  const orderId = newObjectId();
  const reservedAt = await reserveTicket(ticket.id, orderId);
  if (Date.now() - reservedAt.getTime() > ABANDON_AFTER_MS) {
    await releaseReservation(ticket.id, orderId);
    throw new ServiceUnavailableError('The service is too busy; please try again');
  }

  const expiresAt = new Date(Date.now() + windowSeconds * 1_000).toISOString();
  const state: OrderState = {
    userId,
    status: 'created',
    expiresAt,
    ticket: { id: ticket.id, title: ticket.title, price: ticket.price },
  };
  const created = OrderCreated.create({
    id: orderId,
    version: 0,
    status: 'created',
    userId,
    expiresAt,
    ticket: { id: ticket.id, price: ticket.price },
  });
  // If this insert fails we keep the reservation: the write may have landed even though we saw an error. With no
  // order stored, the reservation turns stale and the next buyer takes it over (reserve-ticket).
  const stored = await orderLog.append(orderId, 0, state, [created]);
  if (!stored) throw new Error(`order ${orderId} already exists`); // a fresh ObjectId: cannot happen
  return recordToJson(stored);
}
