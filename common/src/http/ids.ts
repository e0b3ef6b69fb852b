import { Types } from 'mongoose';

/** A fresh ObjectId as a hex string: every entity id is made this way. */
export function newObjectId(): string {
  return new Types.ObjectId().toHexString();
}

/** True for a 24-hex-digit id; a route answers 404 for anything else rather than passing it to a query. */
export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{24}$/i.test(value);
}
