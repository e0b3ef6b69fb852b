import mongoose, { type Connection } from 'mongoose';

/** A connection to another service's database, for state no route exposes (a replica, a version log). */
export function openDatabase(uri: string): Promise<Connection> {
  return mongoose.createConnection(uri).asPromise();
}

export interface VersionRow {
  _id: string;
  entityId: string;
  version: number;
  state: Record<string, unknown>;
  pending: boolean;
}

/** Every record of a VersionedLog (`<name>_versions`), straight from the collection. */
export function versionRows(db: Connection, log: string, filter: Record<string, unknown> = {}): Promise<VersionRow[]> {
  return db
    .collection<VersionRow>(`${log}_versions`)
    .find(filter)
    .sort({ entityId: 1, version: 1 })
    .toArray() as Promise<VersionRow[]>;
}
