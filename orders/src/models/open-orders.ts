import { Order } from './order';

/**
 * The orders that may still be `created`, one document `{ _id: order id, expiresAt, eventId? }` each, in
 * `open_orders`: what the overdue sweep reads (DESIGN §16: periodic sweeps read only the live working set), and what
 * an event's cancellation reads to find the event's open orders (`eventId`, for an order of a ticket with an event).
 * The local engine has no non-unique index, so a sweep over `orders` by status and expiry, or by event, would read
 * every order ever placed.
 * An entry is stored BEFORE its order's insert and deleted AFTER the order has left `created`, so every open order has
 * one, whatever crashes in between; an entry can outlive its order (an insert that failed: the ticket was taken; a
 * crash after the close), and the sweep deletes it once its expiresAt has passed and the order is found closed or
 * missing. Each replica writes entries by id only (an upsert, a delete), so two replicas never conflict.
 */
const openOrders = () => Order.db.collection<{ _id: string; expiresAt: string; eventId?: string }>('open_orders');

/**
 * Records order `id` as open until `expiresAt`, for the event `eventId` if its ticket has one (idempotent: a retried
 * request stores the same entry).
 */
export async function addOpenOrder(id: string, expiresAt: string, eventId?: string): Promise<void> {
  await openOrders().updateOne(
    { _id: id },
    { $set: { expiresAt, ...(eventId !== undefined && { eventId }) } },
    { upsert: true },
  );
}

/** Forgets order `id` (it has left `created`, or never was stored). */
export async function removeOpenOrder(id: string): Promise<void> {
  await openOrders().deleteOne({ _id: id });
}

/** Up to `limit` open orders whose expiresAt (ISO 8601 in UTC: string order is time order) is before `now`. */
export async function overdueOpenOrders(now: string, limit: number): Promise<string[]> {
  const entries = await openOrders()
    .find({ expiresAt: { $lt: now } }, { projection: { _id: 1 } })
    .limit(limit)
    .toArray();
  return entries.map((entry) => entry._id);
}

/**
 * Up to `limit` open orders of event `eventId`, in id order after `after` (a cursor: the caller pages on, so entries
 * it cannot close, an order never stored or closed a moment ago, do not come back).
 */
export async function openOrdersOfEvent(eventId: string, limit: number, after?: string): Promise<string[]> {
  const entries = await openOrders()
    .find({ eventId, ...(after !== undefined && { _id: { $gt: after } }) }, { projection: { _id: 1 } })
    .sort({ _id: 1 })
    .limit(limit)
    .toArray();
  return entries.map((entry) => entry._id);
}

/** How many entries `open_orders` holds (the open orders, and any closed a moment ago that the sweep has not forgotten). */
export function countOpenOrders(): Promise<number> {
  return openOrders().countDocuments({}, { maxTimeMS: 2_000 });
}
