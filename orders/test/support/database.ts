import mongoose, { type Connection } from 'mongoose';

/** A connection to another service's database, for state no route exposes (a replica, an outbox). */
export function openDatabase(uri: string): Promise<Connection> {
  return mongoose.createConnection(uri).asPromise();
}

/** One ticket document, as tickets stores it and as orders' replica holds it (DESIGN §4). */
export interface TicketRow {
  _id: string;
  version: number;
  title: string;
  price: number;
  userId: string;
  /** Orders' replica: the last order tickets reserved it for. */
  reservedFor?: string;
  outbox?: unknown[];
}

/** The documents of the `tickets` collection of a service's database, straight from the collection. */
export function ticketRows(db: Connection, filter: Record<string, unknown> = {}): Promise<TicketRow[]> {
  return db
    .collection<TicketRow>('tickets')
    .find(filter as never)
    .sort({ _id: 1 })
    .toArray() as Promise<TicketRow[]>;
}
