import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongoose';

/**
 * The pending-outbox markers of one entity store (DESIGN §16: the relay's sweep reads only the live working set).
 * The local engine has no non-unique index, so the sweep cannot find the documents with events left in their `outbox`
 * without reading every document. Instead each store keeps a collection `<collection>_outbox_pending`, one marker per
 * entity whose outbox may hold events, keyed by the entity id:
 *  - a writer stamps the marker (an upsert of a fresh `token`, the `version` its write is conditioned on, and the
 *    time) BEFORE the one conditional update that stores the change with its events (DESIGN §6, unchanged);
 *  - the relay, after publishing and `$pull`ing, deletes the marker only when it is sure nothing is left to publish
 *    and no write stamped since can still push events ({@link isSettled}), by a delete conditional on the token it
 *    read, so a writer that stamped again meanwhile keeps its marker.
 * A crash at any point leaves either a marker (the sweep publishes what is left and then deletes it) or nothing to
 * publish: events are only ever pushed after their marker exists, and a marker is only deleted when every write that
 * stamped it can no longer push.
 */
export interface PendingMark {
  /** Unique per stamp: the relay's delete matches it, so a newer stamp is never deleted by mistake. */
  token: string;
  /** The version the stamping write is conditioned on; -1 for the insert of version 0. */
  version: number;
}

/** A marker as stored. */
export interface PendingMarker extends PendingMark {
  _id: string;
  at: Date;
}

/** The version a marker carries for an insert: any stored version is past it. */
export const INSERT_VERSION = -1;

/**
 * How long a marker of an entity that does not exist is kept: its insert may still land (stamped, not yet stored).
 * An insert runs milliseconds after its stamp; this covers a stalled process by far, and then the marker of an insert
 * that failed (a unique key taken: a 409) is deleted.
 */
export const PENDING_INSERT_GRACE_MS = 5 * 60_000;

export function pendingCollectionName(collection: string): string {
  return `${collection}_outbox_pending`;
}

/** Stamps entity `id`'s marker for a write conditioned on `version` (before that write). */
export async function stampPending(markers: Collection, id: string, version: number): Promise<PendingMark> {
  const mark = { token: randomUUID(), version };
  await markers.updateOne({ _id: id } as never, { $set: { ...mark, at: new Date() } }, { upsert: true });
  return mark;
}

/** What the relay knows of the entity after its pulls: its version and how many events are left, or null if none. */
export interface EntityState {
  version: number;
  outboxLength: number;
}

/**
 * Whether marker `marker` can go: the entity's outbox is empty and the write that stamped it has landed or can never
 * land (the entity is past the version it was conditioned on); or, for an entity that does not exist, the insert
 * that stamped it is long over.
 */
export function isSettled(marker: PendingMark & { at?: Date }, entity: EntityState | null, now = Date.now()): boolean {
  if (!entity) return marker.at !== undefined && now - marker.at.getTime() > PENDING_INSERT_GRACE_MS;
  return entity.outboxLength === 0 && entity.version > marker.version;
}

/** Deletes the marker if it still holds `token` (not stamped again since it was read). */
export async function deletePending(markers: Collection, id: string, token: string, comment: string): Promise<void> {
  await markers.deleteOne({ _id: id, token } as never, { comment });
}
