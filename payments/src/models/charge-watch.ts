import { defineModel } from '@ticketing/common';
import { Schema } from 'mongoose';
import { Charge } from './charge';

/**
 * The reconciliation's working set (DESIGN §16): one document per order whose charge is not settled for good (still
 * `created`, or a late check or refund pending). The local engine has no usable secondary index, so any query of
 * `charges` other than an `_id` look-up reads every charge ever made; this collection holds only the live ones, so
 * the reconciliation's cost follows what is live, not history.
 * Written BEFORE the charge's claim is inserted (a crash between the two leaves a watch without a charge, which the
 * reconciliation drops, never a charge without a watch); removed once the charge is settled with nothing pending.
 */
export interface ChargeWatchDoc {
  /** The order id, as the charge's `_id`. */
  _id: string;
  /** When the reconciliation last looked at this charge (NEVER_LOOKED until then): it works oldest first. */
  lookedAt: Date;
  /** Not looked at again before this (a claim not yet quiet, a payment waiting on the buyer). */
  dueAt: Date;
  /** When the watch was made: one without a charge is dropped once no request can still insert its claim. */
  since: Date;
}

/** The `lookedAt` of a charge never looked at: before any other, so new work goes first. */
export const NEVER_LOOKED = new Date(0);

const chargeWatchSchema = new Schema<ChargeWatchDoc>(
  {
    _id: { type: String, required: true },
    lookedAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    since: { type: Date, required: true },
  },
  { collection: 'charge_watch', versionKey: false, id: false },
);
// For MongoDB (the local engine ignores it): the pass's order. The collection stays small either way.
chargeWatchSchema.index({ lookedAt: 1, dueAt: 1 });

export const ChargeWatch = defineModel<ChargeWatchDoc>('ChargeWatch', chargeWatchSchema);

/** For the service's boot: the watch collection's indexes. */
export const chargeWatches = { init: () => ChargeWatch.init().then(() => undefined) };

/**
 * Puts the order's charge under watch (idempotent: an existing watch keeps its place). Called before the claim's
 * insert; due at once, so the reconciliation's first look reschedules it to when the claim is quiet.
 */
export async function watchCharge(orderId: string): Promise<void> {
  const now = new Date();
  await ChargeWatch.collection.updateOne(
    { _id: orderId } as never,
    { $setOnInsert: { lookedAt: NEVER_LOOKED, dueAt: now, since: now } },
    { upsert: true },
  );
}

/** Drops the watch of a charge settled with nothing pending (or of an order that never got a charge). */
export async function unwatchCharge(orderId: string): Promise<void> {
  await ChargeWatch.collection.deleteOne({ _id: orderId } as never);
}

/** Up to `limit` watches due at `now`, oldest looked-at first (of those never looked at, the first due first). */
export function dueWatches(now: Date, limit: number): Promise<ChargeWatchDoc[]> {
  return ChargeWatch.find({ dueAt: { $lte: now } })
    .sort({ lookedAt: 1, dueAt: 1 })
    .limit(limit)
    .lean<ChargeWatchDoc[]>()
    .exec();
}

/**
 * Takes a watch for one look: stamps `lookedAt` (to the back of the line) and a provisional `dueAt` (if this process
 * dies mid-look, another looks again then), conditional on the `lookedAt` it was read with, so that of two replicas
 * reading the same batch one looks at each charge. Returns whether this caller took it.
 */
export async function takeWatch(watch: ChargeWatchDoc, now: Date, dueAt: Date): Promise<boolean> {
  const result = await ChargeWatch.collection.updateOne({ _id: watch._id, lookedAt: watch.lookedAt } as never, {
    $set: { lookedAt: now, dueAt },
  });
  return result.modifiedCount === 1;
}

/**
 * Sets when the charge is next due (a claim quiet at `dueAt`, a payment waiting on the buyer); with `lookedAt`, also
 * puts back the place in line it had (a look that asked Stripe nothing does not send it to the back).
 */
export async function rescheduleWatch(orderId: string, dueAt: Date, lookedAt?: Date): Promise<void> {
  await ChargeWatch.collection.updateOne({ _id: orderId } as never, {
    $set: { dueAt, ...(lookedAt !== undefined && { lookedAt }) },
  });
}

/**
 * Watches every charge left unsettled by a version that kept no watches (they would otherwise never be reconciled):
 * run once at boot, it reads the whole `charges` collection (a scan on the local engine, once per start, never on a
 * periodic path). Idempotent. Resolves with how many charges it found.
 */
export async function watchUnsettledCharges(): Promise<number> {
  const unsettled = await Charge.find({ $or: [{ status: 'created' }, { lateCheckPending: true }] }, { _id: 1 }).lean<
    Array<{ _id: string }>
  >();
  for (const { _id } of unsettled) await watchCharge(_id);
  return unsettled.length;
}
