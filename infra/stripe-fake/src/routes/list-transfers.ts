// GET /v1/transfers (https://docs.stripe.com/api/transfers/list): newest first, filtered by `transfer_group` or
// `destination`, paged with `limit` (1 to 100, default 10) and `starting_after` / `ending_before`, as Stripe's lists are.
// A platform looks a transfer up by its group before creating one, since idempotency keys last 24 hours only.
import { z } from 'zod';
import { invalidRequest } from '../errors';
import type { Transfer } from '../objects/transfer';
import type { Operation } from '../operation';
import { integerParam, unsupportedExpand } from '../params/fields';
import { parseParams } from '../params/parse-params';

const ListTransfersParams = z.strictObject({
  transfer_group: z.string().optional(),
  destination: z.string().optional(),
  limit: integerParam
    .refine((limit) => limit >= 1 && limit <= 100, {
      error: 'This value must be greater than or equal to 1 and less than or equal to 100.',
    })
    .optional(),
  starting_after: z.string().optional(),
  ending_before: z.string().optional(),
  expand: unsupportedExpand.optional(),
});

/** The page of `matching` (newest first) after or before a cursor, as Stripe pages its lists. */
function page(
  matching: Transfer[],
  cursor: { after?: string | undefined; before?: string | undefined },
  limit: number,
): { data: Transfer[]; hasMore: boolean } {
  const cursorId = cursor.after ?? cursor.before;
  if (cursorId === undefined) return { data: matching.slice(0, limit), hasMore: matching.length > limit };
  const at = matching.findIndex((transfer) => transfer.id === cursorId);
  const param = cursor.after !== undefined ? 'starting_after' : 'ending_before';
  if (at < 0) throw invalidRequest(`No such transfer: '${cursorId}'`, { code: 'resource_missing', param });
  if (cursor.after !== undefined) {
    const rest = matching.slice(at + 1);
    return { data: rest.slice(0, limit), hasMore: rest.length > limit };
  }
  const before = matching.slice(0, at);
  return { data: before.slice(Math.max(before.length - limit, 0)), hasMore: before.length > limit };
}

export const listTransfers: Operation = ({ state, params: raw }) => {
  const params = parseParams(ListTransfersParams, raw);
  if (params.starting_after !== undefined && params.ending_before !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: starting_after, ending_before.');
  }
  const matching = [...state.transfers.values()]
    .reverse()
    .filter(
      (transfer) =>
        (params.transfer_group === undefined || transfer.transfer_group === params.transfer_group) &&
        (params.destination === undefined || transfer.destination === params.destination),
    );
  const { data, hasMore } = page(
    matching,
    { after: params.starting_after, before: params.ending_before },
    params.limit ?? 10,
  );
  return { status: 200, body: { object: 'list', data, has_more: hasMore, url: '/v1/transfers' } };
};
