import { z } from 'zod';
import { ObjectIdString } from '../events/fields';

/** The largest page a list route gives (DESIGN §3, §16: every list is paged, so no answer grows with history). */
export const MAX_PAGE_SIZE = 100;

/** `limit` and `before` of a page, as {@link pageQuery} parses them. */
export interface PageQuery {
  /** 1 to {@link MAX_PAGE_SIZE}; 50 when the query has none. */
  limit: number;
  /** An id (lower-case hex): the page holds only what was created before it. */
  before?: string;
}

/**
 * The query of a paged list (DESIGN §3: `GET /api/tickets`, `GET /api/orders`): `limit` (default 50, at most 100) and
 * `before=<id>` of the last item of the previous page, whose message names `what` ("must be a ticket id"). Parse it
 * with `parseQuery`: a bad value is a 400 naming the parameter. Ids are ObjectIds, so a list sorted by `_id`
 * descending is newest first and `_id < before` continues it; `before` is lower-cased, since ids are stored so.
 */
export function pageQuery(what: string): z.ZodType<PageQuery> {
  return z.object({
    limit: pageLimit(50),
    before: z
      .string({ error: `must be ${articled(what)} id` })
      .pipe(ObjectIdString)
      .transform((id) => id.toLowerCase())
      .optional(),
  });
}

/**
 * The `limit` query parameter of a paged list: a whole number from 1 to {@link MAX_PAGE_SIZE}, `defaultLimit` when
 * absent; anything else (a repeated parameter too) is an issue on `limit`.
 */
export function pageLimit(defaultLimit: number) {
  const limitMessage = `must be a whole number from 1 to ${MAX_PAGE_SIZE}`;
  // Digits only: z.coerce.number would take " 5", "0x10" and "1e1".
  return z
    .string({ error: limitMessage })
    .regex(/^\d{1,6}$/, limitMessage)
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`))
    .optional()
    .default(defaultLimit);
}

function articled(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}
