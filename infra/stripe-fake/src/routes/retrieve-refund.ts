// GET /v1/refunds/:id (https://docs.stripe.com/api/refunds/retrieve).
import { z } from 'zod';
import { resourceMissing } from '../errors';
import type { Operation } from '../operation';
import { unsupportedExpand } from '../params/fields';
import { parseParams } from '../params/parse-params';

const RetrieveRefundParams = z.strictObject({ expand: unsupportedExpand.optional() });

export const retrieveRefund: Operation = ({ state, params, id }) => {
  const refund = state.refunds.get(id);
  if (refund === undefined) throw resourceMissing('refund', id, 'refund', 404);
  parseParams(RetrieveRefundParams, params);
  return { status: 200, body: refund };
};
