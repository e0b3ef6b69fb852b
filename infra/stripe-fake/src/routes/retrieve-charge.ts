// GET /v1/charges/:id (https://docs.stripe.com/api/charges/retrieve): what a refund, a transfer or a dispute left on
// a charge (amount_refunded, disputed, transfer_group).
import { z } from 'zod';
import { resourceMissing } from '../errors';
import { chargeJson } from '../objects/charge';
import type { Operation } from '../operation';
import { unsupportedExpand } from '../params/fields';
import { parseParams } from '../params/parse-params';

const RetrieveChargeParams = z.strictObject({ expand: unsupportedExpand.optional() });

export const retrieveCharge: Operation = ({ state, params, id }) => {
  const charge = state.charges.get(id);
  if (charge === undefined) throw resourceMissing('charge', id, 'charge', 404);
  parseParams(RetrieveChargeParams, params);
  return { status: 200, body: chargeJson(charge) };
};
