import { createHash } from 'node:crypto';
import { Schema } from 'mongoose';
import { BadRequestError } from '../errors/http-errors';
import { IDEMPOTENCY_KEY_HEADER } from '../http/idempotency-key';
import { newObjectId } from '../http/ids';
import { defineModel } from './define-model';
import { isDuplicateKeyError } from './mongo-errors';

/** A client's key, bound to the first request that used it and to the id of the entity that request creates. */
interface IdempotencyKeyDoc {
  /** `<route>:<userId>:<key>`: keys are the client's, so they are scoped to its user and to the route. */
  _id: string;
  /** A hash of the first request's body: the same key with another body is a client bug, not a retry. */
  fingerprint: string;
  entityId: string;
  createdAt: Date;
}

/**
 * How long a key is honoured (DESIGN §16: idempotency keys expire): a client retries within seconds or minutes, so a
 * day covers any honest retry, and the collection holds one day of keys, not the whole history of writes.
 */
export const IDEMPOTENCY_KEY_TTL_SECONDS = 24 * 3600;

/** The TTL index on `createdAt`: MongoDB deletes a key once it is a day old (within its TTL monitor's minute). */
export const IDEMPOTENCY_KEY_TTL_INDEX = 'idempotency_keys_expire_after_a_day';

const idempotencyKeySchema = new Schema<IdempotencyKeyDoc>(
  {
    _id: { type: String, required: true },
    fingerprint: { type: String, required: true },
    entityId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'idempotency_keys', versionKey: false },
);
idempotencyKeySchema.index(
  { createdAt: 1 },
  { expireAfterSeconds: IDEMPOTENCY_KEY_TTL_SECONDS, name: IDEMPOTENCY_KEY_TTL_INDEX },
);

const IdempotencyKey = defineModel<IdempotencyKeyDoc>('IdempotencyKey', idempotencyKeySchema);

/** Creates the keys' indexes (the TTL index above), at boot, after connecting. */
export async function initIdempotencyKeys(): Promise<void> {
  await IdempotencyKey.init();
  await IdempotencyKey.syncIndexes();
}

/**
 * Deletes the keys older than {@link IDEMPOTENCY_KEY_TTL_SECONDS} at `now`, and returns how many: the TTL index's
 * work, for an engine that has none (mongo-java-server accepts a TTL index and never deletes). One `deleteMany` on a
 * condition that only grows truer, so replicas that sweep at once delete each key once between them, and a key is
 * never deleted before its day is up. The local engine answers the range by reading the whole collection (it uses no
 * non-unique index), but once the sweep runs the collection holds only the keys of the last day plus one interval:
 * the scan is bounded by the live window, not by history. On MongoDB the TTL index serves the range.
 */
export async function deleteExpiredIdempotencyKeys(now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_SECONDS * 1000);
  const { deletedCount } = await IdempotencyKey.deleteMany({ createdAt: { $lt: cutoff } });
  return deletedCount;
}

function fingerprintOf(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/** The id a create request stores its entity under; `retry` when an earlier request with the key chose it. */
export interface EntityId {
  id: string;
  /** The key was used before: the entity may be stored already (then it is the answer). */
  retry: boolean;
}

/**
 * The id of the entity a create request makes (DESIGN §3, Idempotency-Key): a new ObjectId for a request without a
 * key or with a new one; for a retry, the id the first request chose, so that the retry's insert meets the first
 * one's document on its `_id` and answers it instead of making a duplicate. That holds even when the first request was
 * answered with an error after its write had landed (a lost connection). The key is bound to the first request's body:
 * reusing it for another request is a 400 naming the header. A key is honoured for a day
 * ({@link IDEMPOTENCY_KEY_TTL_SECONDS}); after that it is deleted and makes a new entity.
 */
export async function entityIdFor(
  route: string,
  request: { userId: string; key: string | undefined; body: unknown },
): Promise<EntityId> {
  if (request.key === undefined) return { id: newObjectId(), retry: false };
  const doc: IdempotencyKeyDoc = {
    _id: `${route}:${request.userId}:${request.key}`,
    fingerprint: fingerprintOf(request.body),
    entityId: newObjectId(),
    createdAt: new Date(),
  };
  try {
    await IdempotencyKey.collection.insertOne(doc as never);
    return { id: doc.entityId, retry: false };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const first = await IdempotencyKey.findById(doc._id).lean<IdempotencyKeyDoc>();
  if (!first) throw new Error(`idempotency key ${doc._id} vanished`);
  if (first.fingerprint !== doc.fingerprint) {
    throw new BadRequestError('was already used for a different request', IDEMPOTENCY_KEY_HEADER);
  }
  return { id: first.entityId, retry: true };
}
