import { BadRequestError, ConflictError, type EntityId, isDuplicateKeyError, OrderCreated } from '@ticketing/common';
import { orders, toOrderJson, type OrderJson } from './order';
import type { ReplicaTicket } from './ticket-replica';

/**
 * Places an order for `ticket` (DESIGN §7): refuses the seller's own ticket (400), then stores order version 0 with
 * its OrderCreated and the ticket's lock in ONE insert: the unique key on `lock` lets exactly one of any number of
 * concurrent orders for a ticket in, and the others get 409. An order is thus never stored without its lock, nor a
 * lock without its order. The lock lasts `windowSeconds`.
 * An `id` already stored is a retry of this buyer's request (the id comes from its Idempotency-Key): the order as
 * stored is the answer, not a 409 from the buyer's own lock.
 */
export async function placeOrder(input: {
  id: EntityId;
  ticket: ReplicaTicket;
  userId: string;
  windowSeconds: number;
}): Promise<OrderJson> {
  const { ticket, userId, windowSeconds } = input;
  const { id } = input.id;
  if (ticket.userId === userId) throw new BadRequestError('You cannot order your own ticket', 'ticketId');

  const expiresAt = new Date(Date.now() + windowSeconds * 1_000).toISOString();
  const created = OrderCreated.create({
    id,
    version: 0,
    status: 'created',
    userId,
    expiresAt,
    ticket: { id: ticket.id, price: ticket.price, version: ticket.version },
  });
  try {
    const order = await orders.insert(
      {
        _id: id,
        userId,
        status: 'created',
        expiresAt,
        ticket: { id: ticket.id, title: ticket.title, price: ticket.price, version: ticket.version },
        lock: ticket.id,
      },
      [created],
    );
    return toOrderJson(order);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // A retry meets its first attempt's order on the `_id` (or on the lock that order holds): that order is the answer.
    // A fresh id can only have met another order's lock.
    const first = input.id.retry ? await orders.find(id) : null;
    if (first && first.userId === userId) return toOrderJson(first);
    throw new ConflictError('Ticket is already reserved');
  }
}
