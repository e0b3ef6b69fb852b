// GET /v1/transfers/:id (https://docs.stripe.com/api/transfers/retrieve).
import { z } from 'zod';
import { resourceMissing } from '../errors';
import type { Operation } from '../operation';
import { unsupportedExpand } from '../params/fields';
import { parseParams } from '../params/parse-params';

const RetrieveTransferParams = z.strictObject({ expand: unsupportedExpand.optional() });

export const retrieveTransfer: Operation = ({ state, params, id }) => {
  const transfer = state.transfers.get(id);
  if (transfer === undefined) throw resourceMissing('transfer', id, 'id', 404);
  parseParams(RetrieveTransferParams, params);
  return { status: 200, body: transfer };
};
