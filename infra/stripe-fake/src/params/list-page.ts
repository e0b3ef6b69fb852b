// Stripe's list endpoints (https://docs.stripe.com/api/pagination): newest first, `limit` 1 to 100 (default 10),
// and a cursor, `starting_after` or `ending_before`, naming an object of the list.
import { z } from 'zod';
import { invalidRequest } from '../errors';
import { integerParam } from './fields';

export const listParams = {
  limit: integerParam
    .refine((limit) => limit >= 1 && limit <= 100, {
      error: 'This value must be greater than or equal to 1 and less than or equal to 100.',
    })
    .optional(),
  starting_after: z.string().optional(),
  ending_before: z.string().optional(),
};

export interface ListRequest {
  limit?: number | undefined;
  starting_after?: string | undefined;
  ending_before?: string | undefined;
}

/** Stripe's list object for one page of `matching` (already filtered, newest first). */
export function listPage<T extends { id: string }>(
  matching: T[],
  request: ListRequest,
  kind: string,
  url: string,
): { object: 'list'; data: T[]; has_more: boolean; url: string } {
  const limit = request.limit ?? 10;
  const { starting_after: after, ending_before: before } = request;
  if (after !== undefined && before !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: starting_after, ending_before.');
  }
  const list = (data: T[], hasMore: boolean) => ({ object: 'list' as const, data, has_more: hasMore, url });
  const cursor = after ?? before;
  if (cursor === undefined) return list(matching.slice(0, limit), matching.length > limit);
  const at = matching.findIndex((item) => item.id === cursor);
  const param = after !== undefined ? 'starting_after' : 'ending_before';
  if (at < 0) throw invalidRequest(`No such ${kind}: '${cursor}'`, { code: 'resource_missing', param });
  if (after !== undefined) {
    const rest = matching.slice(at + 1);
    return list(rest.slice(0, limit), rest.length > limit);
  }
  const earlier = matching.slice(0, at);
  return list(earlier.slice(Math.max(earlier.length - limit, 0)), earlier.length > limit);
}
