import { Charge } from './charge';
import { defineWatchList, NEVER_LOOKED, type WatchDoc } from './watch-list';

/**
 * The reconciliation's working set (DESIGN §16): one document per order whose charge is not settled for good (still
 * `created`, or a late check or refund pending). The local engine has no usable secondary index, so any query of
 * `charges` other than an `_id` look-up reads every charge ever made; this collection holds only the live ones, so
 * the reconciliation's cost follows what is live, not history.
 * Written BEFORE the charge's claim is inserted (a crash between the two leaves a watch without a charge, which the
 * reconciliation drops, never a charge without a watch); removed once the charge is settled with nothing pending.
 */
export type ChargeWatchDoc = WatchDoc;
export { NEVER_LOOKED };

const list = defineWatchList('ChargeWatch', 'charge_watch');

export const ChargeWatch = list.model;

/** For the service's boot: the watch collection's indexes. */
export const chargeWatches = { init: () => list.init() };

/**
 * Puts the order's charge under watch (idempotent: an existing watch keeps its place). Called before the claim's
 * insert; due at once, so the reconciliation's first look reschedules it to when the claim is quiet.
 */
export function watchCharge(orderId: string): Promise<void> {
  return list.watch(orderId);
}

/** Drops the watch of a charge settled with nothing pending (or of an order that never got a charge). */
export function unwatchCharge(orderId: string): Promise<void> {
  return list.unwatch(orderId);
}

/** The watch list itself, for the reconciliation's passes (lookAtDueWatches). */
export const chargeWatchList = list;

/** Sets when the charge is next due; with `lookedAt`, also puts back the place in line it had. */
export function rescheduleWatch(orderId: string, dueAt: Date, lookedAt?: Date): Promise<void> {
  return list.reschedule(orderId, dueAt, lookedAt);
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
