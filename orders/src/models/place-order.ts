import {
  BadRequestError,
  ConflictError,
  duplicateKeyIndex,
  type EntityId,
  EVENT_CANCELLED_MESSAGE,
  ForbiddenError,
  isDuplicateKeyError,
  isEventCancelled,
  OrderCreated,
  type QueuePass,
  TooManyRequestsError,
} from '@ticketing/common';
import { cancelOrder } from './cancel-order';
import { admittingPass, assertOnSale } from './event-sales';
import { addOpenOrder } from './open-orders';
import { BUYER_SLOT_INDEX, orders, PASS_USE_INDEX, toOrderJson, type OrderJson } from './order';
import type { ReplicaTicket } from './ticket-replica';

/** The 403 for a pass already used for all the orders it is good for (DESIGN §13). */
export function passUsedUpMessage(uses: number): string {
  return `This queue pass has been used for its ${uses} orders`;
}

/** The 409 for a ticket tickets has withdrawn from sale. */
export const TICKET_WITHDRAWN_MESSAGE = 'This ticket was withdrawn from sale';

/**
 * Places an order for `ticket` (DESIGN §7): refuses the seller's own ticket (400), then stores order version 0 with
 * its OrderCreated, the ticket's lock and one of the buyer's open-order slots in ONE insert. The unique key on `lock`
 * lets exactly one of any number of concurrent orders for a ticket in (the others get 409); the unique key on
 * `buyerSlot` lets a buyer hold at most `maxOpenPerBuyer` open orders (DESIGN §10): the insert takes slot 0, and on
 * that slot's E11000 the next, so N concurrent orders of one buyer fill the slots exactly and the rest get 429.
 * Slots are tried in order rather than read first: a buyer with no open order (the usual case) costs one insert, as
 * before; one at the cap costs `maxOpenPerBuyer` inserts, and only the buyer pays for it.
 * An order is thus never stored without its lock and its slot, nor a lock without its order. The lock lasts
 * `windowSeconds`.
 * An `id` already stored is a retry of this buyer's request (the id comes from its Idempotency-Key): the order as
 * stored is the answer, not a 409 from the buyer's own lock.
 * A ticket with an event (DESIGN §12) is refused once the event has started or before its on-sale (event-sales.ts),
 * and when orders has recorded the event cancelled: asked at once with the two writes before the insert, and asked
 * again after it, because EventCancelled records the cancellation and then cancels the event's open orders: an order
 * inserted after that pass has looked sees the record here and cancels itself, so no open order of a cancelled event
 * is left (one more round trip, for tickets with an event only).
 * A ticket tickets has withdrawn from sale (TicketUpdated `withdrawn`) is refused too (409).
 * While the event's waiting room is open (DESIGN §13) the order needs a `pass` admitting this buyer to this event
 * (403 otherwise), and takes one of its `maxOpenPerBuyer` uses (`passUse`) by the same insert, as it takes a slot:
 * on that use's E11000 the next, so concurrent orders with one pass never exceed its uses, and the rest get 403.
 * @throws BadRequestError (own ticket), ConflictError (reserved or sold; the event started, not on sale yet or
 * cancelled; withdrawn), ForbiddenError (no pass admitting the buyer; the pass used up), TooManyRequestsError (slots
 * all taken).
 */
export async function placeOrder(input: {
  id: EntityId;
  ticket: ReplicaTicket;
  userId: string;
  /** The verified, unexpired `Queue-Pass` of the request, or null without one (or a bad one). */
  pass: QueuePass | null;
  windowSeconds: number;
  maxOpenPerBuyer: number;
}): Promise<OrderJson> {
  const { ticket, userId, windowSeconds, maxOpenPerBuyer } = input;
  const { id } = input.id;
  if (ticket.userId === userId) throw new BadRequestError('You cannot order your own ticket', 'ticketId');
  const now = Date.now();
  assertOnSale(ticket.event, now);
  const pass = admittingPass(ticket.event, input.pass, userId, now);
  const eventId = ticket.event?.id;

  const expiresAt = new Date(Date.now() + windowSeconds * 1_000).toISOString();
  const created = OrderCreated.create({
    id,
    version: 0,
    status: 'created',
    userId,
    expiresAt,
    ticket: { id: ticket.id, price: ticket.price, version: ticket.version },
    sellerId: ticket.userId,
    ...(ticket.event && { event: { id: ticket.event.id, startsAt: ticket.event.startsAt } }),
  });
  // Both before the insert, and at once: the order is among the open orders (the overdue sweep's and an event
  // cancellation's working set), and the outbox's pending marker is stamped once for however many slots are tried.
  // With them, the first look at whether the event was cancelled.
  const [mark, , cancelled] = await Promise.all([
    orders.markInsert(id),
    addOpenOrder(id, expiresAt, eventId),
    eventId !== undefined && isEventCancelled(eventId),
  ]);
  if (cancelled) throw new ConflictError(EVENT_CANCELLED_MESSAGE);
  // After the event's look-up, so that a ticket withdrawn because its event was cancelled says so, whichever of
  // TicketUpdated and EventCancelled orders heard first.
  if (ticket.withdrawn) throw new ConflictError(TICKET_WITHDRAWN_MESSAGE);
  // The buyer's slot and the pass's use advance independently: each E11000 names the one that is taken.
  let slot = 0;
  let use = 0;
  while (slot < maxOpenPerBuyer && use < maxOpenPerBuyer) {
    try {
      const order = await orders.insert(
        {
          _id: id,
          userId,
          status: 'created',
          expiresAt,
          ticket: { id: ticket.id, title: ticket.title, price: ticket.price, version: ticket.version },
          sellerId: ticket.userId,
          ...(created.data.event && { event: created.data.event }),
          lock: ticket.id,
          buyerSlot: `${userId}:${slot}`,
          ...(pass && { passUse: `${pass.id}:${use}` }),
        },
        [created],
        mark,
      );
      if (eventId !== undefined && (await isEventCancelled(eventId))) {
        await cancelOrder(id, 'event-cancelled');
        throw new ConflictError(EVENT_CANCELLED_MESSAGE);
      }
      return toOrderJson(order);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // A retry meets its first attempt's order (on the `_id`, the lock or the slot that order holds): that order is
      // the answer. Of two racing requests with one key the retry may store the order first, so the request that took
      // the key meets it too, on the `_id`; only then is it looked up, so a taken slot or another order's lock costs
      // no read. Otherwise a taken slot or use of the pass means "try the next one", and anything else another order's
      // lock.
      const first = input.id.retry || duplicateKeyIndex(error) === '_id_' ? await orders.find(id) : null;
      if (first && first.userId === userId) return toOrderJson(first);
      const taken = duplicateKeyIndex(error);
      if (taken === BUYER_SLOT_INDEX) slot++;
      else if (taken === PASS_USE_INDEX) use++;
      else throw new ConflictError('Ticket is already reserved');
    }
  }
  if (use === maxOpenPerBuyer) throw new ForbiddenError(passUsedUpMessage(maxOpenPerBuyer));
  throw new TooManyRequestsError(
    `You already have ${maxOpenPerBuyer} unpaid orders; pay for or cancel one before ordering another ticket`,
  );
}
