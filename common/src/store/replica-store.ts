import type { IndexDefinition, IndexOptions, Model, SchemaDefinition } from 'mongoose';
import { defineModel } from './define-model';
import { isDuplicateKeyError } from './mongo-errors';
import { versionedSchema, type Versioned } from './versioned-schema';

/** The outcome of applying a replicated version: `ahead` means its predecessor has not been applied yet. */
export type ApplyOutcome = 'applied' | 'already-applied' | 'ahead';

/** What the boot needs of a store: its indexes made once connected. */
export interface Indexed {
  init(): Promise<void>;
}

/**
 * Another service's entities as this one knows them, changed only by their events (DESIGN §4, §5), one document each.
 * Version v is applied by ONE conditional update on `{ _id, version: v - 1 }` (the first version by an insert); a miss
 * is either "already applied" (the document is at v or later: a duplicate, acked without effect) or "ahead" (its
 * predecessor has not arrived: the listener asks for redelivery). So each version is applied once, in order.
 */
export class ReplicaStore<D extends Versioned> implements Indexed {
  constructor(readonly model: Model<D>) {}

  /** Creates the schema's indexes (at boot, after connecting). */
  async init(): Promise<void> {
    await this.model.init();
    await this.model.syncIndexes();
  }

  find(id: string): Promise<D | null> {
    return this.model.findById(id).lean<D>().exec();
  }

  /**
   * Applies version `version` of entity `id`: at `firstVersion` (0 unless the replica starts later) `fields` must be
   * the whole state and are inserted; after it, `fields` are set on the predecessor (an event that carries only a
   * status changes only the status).
   */
  async apply(
    id: string,
    version: number,
    fields: Partial<Omit<D, '_id' | 'version'>>,
    firstVersion = 0,
  ): Promise<ApplyOutcome> {
    if (version === firstVersion) {
      try {
        await this.model.collection.insertOne({ ...fields, _id: id, version } as never);
        return 'applied';
      } catch (error) {
        if (isDuplicateKeyError(error)) return 'already-applied';
        throw error;
      }
    }
    const result = await this.model.collection.updateOne({ _id: id, version: version - 1 } as never, {
      $set: { ...fields, version },
    });
    if (result.matchedCount === 1) return 'applied';
    const current = await this.model.findById(id, { version: 1 }).lean<Versioned>().exec();
    return current && current.version >= version ? 'already-applied' : 'ahead';
  }
}

/**
 * The replica of another service's entity: a versioned schema on `collection` with `fields` and no outbox (a replica
 * publishes nothing), its model `name` (as `.model`), and the store that applies each version once and in order.
 * `indexes` are made with it (a unique one is what the local engine uses to answer a look-up by that key).
 */
export function defineReplica<D extends Versioned>(
  name: string,
  collection: string,
  fields: SchemaDefinition,
  indexes: ReadonlyArray<[IndexDefinition, IndexOptions]> = [],
): ReplicaStore<D> {
  const schema = versionedSchema<D>(fields, { collection, outbox: false });
  for (const [keys, options] of indexes) schema.index(keys, options);
  return new ReplicaStore(defineModel<D>(name, schema));
}
