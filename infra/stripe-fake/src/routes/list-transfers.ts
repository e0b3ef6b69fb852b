// GET /v1/transfers (https://docs.stripe.com/api/transfers/list): newest first, filtered by `transfer_group` or
// `destination`, paged as Stripe's lists are. A platform looks a transfer up by its group before creating one,
// since idempotency keys last 24 hours only.
import { z } from 'zod';
import type { Operation } from '../operation';
import { unsupportedExpand } from '../params/fields';
import { listPage, listParams } from '../params/list-page';
import { parseParams } from '../params/parse-params';

const ListTransfersParams = z.strictObject({
  transfer_group: z.string().optional(),
  destination: z.string().optional(),
  ...listParams,
  expand: unsupportedExpand.optional(),
});

export const listTransfers: Operation = ({ state, params: raw }) => {
  const params = parseParams(ListTransfersParams, raw);
  const matching = [...state.transfers.values()]
    .reverse()
    .filter(
      (transfer) =>
        (params.transfer_group === undefined || transfer.transfer_group === params.transfer_group) &&
        (params.destination === undefined || transfer.destination === params.destination),
    );
  return { status: 200, body: listPage(matching, params, 'transfer', '/v1/transfers') };
};
