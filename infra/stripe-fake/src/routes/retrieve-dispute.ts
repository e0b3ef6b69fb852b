// GET /v1/disputes/:id (https://docs.stripe.com/api/disputes/retrieve).
import { z } from 'zod';
import { resourceMissing } from '../errors';
import type { Operation } from '../operation';
import { unsupportedExpand } from '../params/fields';
import { parseParams } from '../params/parse-params';

const RetrieveDisputeParams = z.strictObject({ expand: unsupportedExpand.optional() });

export const retrieveDispute: Operation = ({ state, params, id }) => {
  const dispute = state.disputes.get(id);
  if (dispute === undefined) throw resourceMissing('dispute', id, 'dispute', 404);
  parseParams(RetrieveDisputeParams, params);
  return { status: 200, body: dispute };
};
