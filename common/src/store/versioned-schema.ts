import { Schema, type SchemaDefinition } from 'mongoose';
import type { EventEnvelope } from '../events/envelope';
import type { TraceCarrier } from '../tracing/trace-context';

/** The fields every stored entity has besides its own (DESIGN §6). */
export interface Versioned {
  /** The entity id (an ObjectId hex string, or a natural key such as an email). */
  _id: string;
  /** Optimistic-concurrency counter: 0 when created, +1 per change. */
  version: number;
}

/**
 * An event waiting in an outbox: the envelope, and the trace context of the change that stored it (DESIGN §14), which
 * the relay continues when it publishes. Entries stored without one (no trace active, or by a version before
 * tracing) are relayed the same.
 */
export type OutboxEntry = EventEnvelope & TraceCarrier;

/** An entity this service owns: versioned, with the events of its changes waiting in `outbox` for the relay. */
export interface Owned extends Versioned {
  outbox: OutboxEntry[];
}

export interface VersionedSchemaOptions {
  /** The MongoDB collection. */
  collection: string;
  /** Whether the documents carry an outbox (entities this service owns) or not (replicas of another's). */
  outbox: boolean;
}

/**
 * A mongoose schema for one document per entity with `version` (and `outbox` for owned entities), as DESIGN §6 asks.
 * Documents are written through the collection with explicit operators by the stores, never by `doc.save()`, so the
 * schema's jobs are the typed shape, the indexes and `lean()` reads: `versionKey: false` (our `version` is the only
 * counter) and `id: false` (no `id` virtual that would shadow a field of that name).
 */
export function versionedSchema<D extends Versioned>(fields: SchemaDefinition, options: VersionedSchemaOptions) {
  const schema = new Schema<D>(
    {
      _id: { type: String, required: true },
      version: { type: Number, required: true, min: 0 },
      ...(options.outbox && { outbox: { type: [Schema.Types.Mixed], default: [] } }),
      ...fields,
    } as SchemaDefinition<D>,
    { collection: options.collection, versionKey: false, id: false, minimize: false, strict: 'throw' },
  );
  // The relay's sweeps read the pending markers (outbox-pending.ts), not this collection; only its first sweep after
  // start looks once for documents with events left in their outbox and no marker (stored before markers existed).
  // A sparse index on the first entry's id holds only those, so on MongoDB that look reads just them; the local
  // engine ignores non-unique indexes and reads the collection, once per start.
  if (options.outbox) schema.index({ 'outbox.0.id': 1 }, { sparse: true, name: 'outbox_pending' });
  return schema;
}
