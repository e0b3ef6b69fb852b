import { isDuplicateKeyError, VersionedLog } from '@ticketing/common';
import mongoose, { Schema, type Model } from 'mongoose';

/** A live lock on a ticket: `_id` is the ticket id, so at most one reservation per ticket can exist (DESIGN §6, §7). */
export interface ReservationDoc {
  _id: string;
  orderId: string;
  createdAt: Date;
}

const reservationSchema = new Schema<ReservationDoc>(
  {
    _id: { type: String, required: true },
    orderId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'reservations' },
);

export const Reservation: Model<ReservationDoc> =
  (mongoose.models.Reservation as Model<ReservationDoc> | undefined) ??
  mongoose.model<ReservationDoc>('Reservation', reservationSchema);

/**
 * Inserts the reservation of `ticketId` for `orderId`. Returns false when the ticket is already reserved: the
 * insert into the unique `_id` is the one write that is atomic on FerretDB too, so of any number of concurrent
 * inserts exactly one succeeds (a find-then-insert would let two orders in).
 */
export async function insertReservation(ticketId: string, orderId: string, createdAt: Date): Promise<boolean> {
  try {
    await Reservation.collection.insertOne({ _id: ticketId, orderId, createdAt } as never);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** The reservation currently holding a ticket, or null. */
export function findReservation(ticketId: string): Promise<ReservationDoc | null> {
  return Reservation.findById(ticketId).lean<ReservationDoc>();
}

/** A release claim older than this belongs to a process that died before deleting; the next releaser takes over. */
const CLAIM_STALE_MS = 30_000;

/**
 * Claims on releasing one reservation, keyed `<ticketId>:<orderId>` (version n = the n-th claim). Why: FerretDB
 * runs a filtered delete as "find the matching ids, then DELETE WHERE _id IN (…)". Two deletes of the same
 * reservation `{ _id: T, orderId: O1 }` running at once (the cancel's release, and a buyer who saw O1 cancelled)
 * could go: both find O1; one deletes it; a buyer inserts O2 for T; the other's DELETE by `_id` removes O2, and a
 * third buyer's O3 gets in too: two live orders for one ticket. With a claim, a given reservation is deleted by one
 * process at a time, so a delete can never overtake the next holder's insert.
 */
export const releaseClaims = new VersionedLog<{ ticketId: string; orderId: string }>('reservation_releases');

/**
 * Releases the reservation of `ticketId` held by `orderId`, if it still exists; idempotent. Returns false when
 * another process holds a fresh claim on that release (it is deleting the reservation right now, or just did).
 * The delete's filter names the order, so releasing an old order never touches a newer order's reservation.
 */
export async function releaseReservation(ticketId: string, orderId: string): Promise<boolean> {
  const claimed = await releaseClaims.change(`${ticketId}:${orderId}`, (current) =>
    current && Date.now() - current.createdAt.getTime() < CLAIM_STALE_MS ? null : { state: { ticketId, orderId } },
  );
  if (!claimed) return false;
  await Reservation.deleteOne({ _id: ticketId, orderId });
  return true;
}
