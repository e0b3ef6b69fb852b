import { BadRequestError, ConflictError, isDuplicateKeyError, newObjectId, OrderCreated } from '@ticketing/common';
import { orders, toOrderJson, type OrderJson } from './order';
import type { ReplicaTicket } from './ticket-replica';

/**
 * Places an order for `ticket` (DESIGN §7): refuses the seller's own ticket (400), then stores order version 0 with
 * its OrderCreated and the ticket's lock in ONE insert: the unique key on `lock` lets exactly one of any number of
 * concurrent orders for a ticket in, and the others get 409. An order is thus never stored without its lock, nor a
 * lock without its order. The lock lasts `windowSeconds`.
 */
export async function placeOrder(input: {
  ticket: ReplicaTicket;
  userId: string;
  windowSeconds: number;
}): Promise<OrderJson> {
  const { ticket, userId, windowSeconds } = input;
  if (ticket.userId === userId) throw new BadRequestError('You cannot order your own ticket', 'ticketId');

  const id = newObjectId();
  const expiresAt = new Date(Date.now() + windowSeconds * 1_000).toISOString();
  const created = OrderCreated.create({
    id,
    version: 0,
    status: 'created',
    userId,
    expiresAt,
    ticket: { id: ticket.id, price: ticket.price },
  });
  try {
    const order = await orders.insert(
      {
        _id: id,
        userId,
        status: 'created',
        expiresAt,
        ticket: { id: ticket.id, title: ticket.title, price: ticket.price },
        lock: ticket.id,
      },
      [created],
    );
    return toOrderJson(order);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new ConflictError('Ticket is already reserved');
    throw error;
  }
}
