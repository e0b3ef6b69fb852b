import type { Request } from 'express';
import { BadRequestError } from '../errors/http-errors';

/** The header a client sets so that a retried write gets the first answer, not a duplicate (DESIGN §3). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** What a key may be: what clients generate (a UUID, a ULID, a random token), bounded so it is cheap to store. */
const KEY_FORMAT = /^[A-Za-z0-9._:-]{1,255}$/;

/**
 * The request's `Idempotency-Key`, or undefined when it has none. A malformed one is the client's mistake: 400 naming
 * the header, never a key silently ignored (the client would believe its retries safe).
 */
export function idempotencyKeyOf(req: Request): string | undefined {
  const value = req.get(IDEMPOTENCY_KEY_HEADER);
  if (value === undefined) return undefined;
  if (!KEY_FORMAT.test(value)) {
    throw new BadRequestError(
      'must be 1 to 255 letters, digits or . _ : - (a UUID, for example)',
      IDEMPOTENCY_KEY_HEADER,
    );
  }
  return value;
}
