import { EntityStore, type OrderStatus, type Owned, versionedSchema, defineModel } from '@ticketing/common';
import type { OrderJson, PageQuery } from '@ticketing/common';
import mongoose from 'mongoose';

/** An order as stored (DESIGN §4): one document, `version` + `outbox` (DESIGN §6). */
export interface OrderDoc extends Owned {
  userId: string;
  status: OrderStatus;
  /** ISO 8601, as it travels in events. */
  expiresAt: string;
  /** The ticket as the order was priced, at the replica's `version` (OrderCreated carries it). */
  ticket: { id: string; title: string; price: number; version: number };
  /** Who listed the ticket (OrderCreated's `sellerId`); absent on orders placed before it was kept. */
  sellerId?: string;
  /** The ticket's event when the order was placed (OrderCreated carries it); absent for a ticket without one. */
  event?: { id: string; startsAt: string };
  /** Why it was cancelled, when the buyer should be told (the seller changed the ticket first). */
  cancelReason?: string;
  /**
   * The 15-minute lock (DESIGN §7): the ticket id while the order is live, kept once it is completed (a sold ticket
   * is never ordered again), removed when it is cancelled. A unique sparse index on it is what lets exactly one of
   * any number of concurrent orders for a ticket be stored, by the same insert that stores the order.
   */
  lock?: string;
  /**
   * One of the buyer's open-order slots, `<userId>:<n>` with n below ORDERS_MAX_OPEN_PER_BUYER (DESIGN §10), held
   * while the order is open (created or awaiting payment) and removed when it is cancelled or completed. A unique
   * sparse index on it caps a buyer's open orders by the same insert that stores the order, as `lock` does for a
   * ticket: a count-then-insert would let a burst of concurrent orders past the cap.
   */
  buyerSlot?: string;
  /**
   * One of the uses of the queue pass the order was placed with (DESIGN §13), `<passId>:<n>` with n below
   * ORDERS_MAX_OPEN_PER_BUYER, kept for good (paid, cancelled or not): a pass is good for that many orders in all. A
   * unique sparse index on it counts them by the same insert that stores the order, as `buyerSlot` does; absent for
   * an order that needed no pass.
   */
  passUse?: string;
  /**
   * The e-ticket (DESIGN §12), issued by the completion: `serial` 1, then + 1 on each transfer (only the current
   * serial's code is admitted), `usedAt` (ISO 8601) once admitted at the door. Its code is derived from the order
   * (eticket/code.ts), not stored. An order completed before e-tickets were issued gets it when it is next read
   * (eticket/issue-missing.ts).
   */
  eticket?: { serial: number; usedAt?: string };
  /**
   * When payments refunded the order's charge (ChargeRefunded, ISO 8601): its e-ticket is void from then on, for the
   * door and for a transfer (DESIGN §12). A completed order keeps its status: it was paid, then given back.
   */
  refundedAt?: string;
  /**
   * When the buyer's bank disputed the order's charge (ChargeDisputed, ISO 8601): the order shows as disputed and its
   * e-ticket is void from then on, as for a refund (DESIGN §12).
   */
  disputedAt?: string;
  /** Who holds the e-ticket: the buyer when it is issued, then whoever it was last transferred to. */
  holderId?: string;
  /** Each transfer, oldest first: who gave it to whom (and that user's e-mail, what the giver is shown), when. */
  transfers?: OrderTransfer[];
}

/** One hand-over of an e-ticket (POST /api/orders/:id/transfer). */
export interface OrderTransfer {
  from: string;
  to: string;
  /** The recipient's e-mail as it was given: "transferred to <email>" on the giver's order page. */
  email: string;
  /** ISO 8601. */
  at: string;
}

// An order's JSON answer is common's API contract, which the web client reads too.
export type { OrderJson };

/** The unique index on `buyerSlot`: an E11000 naming it means "that slot is taken", not "that ticket is reserved". */
export const BUYER_SLOT_INDEX = 'open_order_slots_per_buyer';

/** The unique index on `passUse`: an E11000 naming it means "that use of the pass is taken". */
export const PASS_USE_INDEX = 'orders_per_queue_pass';

const orderSchema = versionedSchema<OrderDoc>(
  {
    userId: { type: String, required: true },
    status: { type: String, required: true },
    expiresAt: { type: String, required: true },
    ticket: {
      type: new mongoose.Schema(
        { id: { type: String, required: true }, title: String, price: Number, version: Number },
        { _id: false, id: false },
      ),
      required: true,
    },
    sellerId: { type: String },
    event: {
      type: new mongoose.Schema(
        { id: { type: String, required: true }, startsAt: { type: String, required: true } },
        { _id: false, id: false },
      ),
    },
    lock: { type: String },
    buyerSlot: { type: String },
    passUse: { type: String },
    cancelReason: { type: String },
    // Written by the e-ticket's own conditional updates on the driver's collection (eticket/check-in.ts,
    // eticket/transfer.ts); declared for readers of the schema.
    eticket: { type: new mongoose.Schema({ serial: Number, usedAt: String }, { _id: false, id: false }) },
    // Written once by their own conditional updates (mark-voided.ts); declared for readers of the schema.
    refundedAt: { type: String },
    disputedAt: { type: String },
    holderId: { type: String },
    transfers: [
      new mongoose.Schema({ from: String, to: String, email: String, at: String }, { _id: false, id: false }),
    ],
  },
  { collection: 'orders', outbox: true },
);
orderSchema.index({ lock: 1 }, { unique: true, sparse: true, name: 'one_live_order_per_ticket' });
orderSchema.index({ buyerSlot: 1 }, { unique: true, sparse: true, name: BUYER_SLOT_INDEX });
orderSchema.index({ passUse: 1 }, { unique: true, sparse: true, name: PASS_USE_INDEX });
// A buyer's page of orders (GET /api/orders): its filter and its sort, so a page reads `limit` entries at any size.
orderSchema.index({ userId: 1, _id: -1 });
// The orders transferred to a user, newest first: the other half of their page (listOrdersOf).
orderSchema.index({ 'transfers.to': 1, _id: -1 });
// An event's door count (eticket/entry-tally.ts).
orderSchema.index({ 'event.id': 1, status: 1 });
// The backstop sweep's question (which orders are still open past their expiry?) is asked of open_orders
// (open-orders.ts), which holds only the open ones.

export const Order = defineModel<OrderDoc>('Order', orderSchema);

/** The orders: placed by one insert, closed (cancelled or completed) by one conditional update on their version. */
export const orders = new EntityStore(Order);

export function toOrderJson(order: OrderDoc): OrderJson {
  const { _id, userId, status, expiresAt, version, ticket, cancelReason, disputedAt } = order;
  return {
    id: _id,
    userId,
    status,
    expiresAt,
    version,
    ticket: { id: ticket.id, title: ticket.title, price: ticket.price },
    ...(cancelReason !== undefined && { cancelReason }),
    ...(disputedAt !== undefined && { disputedAt }),
  };
}

/** An order, or null. */
export async function findOrder(id: string): Promise<OrderJson | null> {
  const order = await orders.find(id);
  return order ? toOrderJson(order) : null;
}

/**
 * A page of the orders a user bought or was given (an e-ticket transferred to them), newest first: `limit` at most,
 * and only those placed before the order `before` (a cursor, as for tickets: ids are ObjectId hex of one length, made
 * when the order is placed, so `_id` order is placement order). Each half of the `$or` has its index with the sort
 * (`{ userId, _id }`, `{ transfers.to, _id }`), so MongoDB merges two index scans and reads `limit` entries at any size:
 * a user's history grows without bound; a page does not. The raw documents: the caller shows each as the user sees it
 * (eticket/order-view.ts).
 */
export function listOrdersOf(userId: string, page: PageQuery): Promise<OrderDoc[]> {
  const filter = {
    $or: [{ userId }, { 'transfers.to': userId }],
    ...(page.before && { _id: { $lt: page.before } }),
  };
  return Order.find(filter, { outbox: 0 }).sort({ _id: -1 }).limit(page.limit).lean<OrderDoc[]>().exec();
}

/** Who placed an order (one lookup by `_id`), or null for an unknown order: what the live feed needs to route it. */
export async function findOrderOwner(id: string): Promise<string | null> {
  const order = await Order.findById(id, { userId: 1 }).lean<Pick<OrderDoc, 'userId'>>();
  return order?.userId ?? null;
}
