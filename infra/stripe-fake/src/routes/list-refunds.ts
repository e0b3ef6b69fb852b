// GET /v1/refunds (https://docs.stripe.com/api/refunds/list): newest first, filtered by `payment_intent` or `charge`,
// paged as Stripe's lists are. A platform finds a refund made in Stripe's dashboard this way when `charge.refunded`
// does not carry it (a Charge's `refunds` is not included since API version 2022-11-15).
import { z } from 'zod';
import type { Operation } from '../operation';
import { unsupportedExpand } from '../params/fields';
import { listPage, listParams } from '../params/list-page';
import { parseParams } from '../params/parse-params';

const ListRefundsParams = z.strictObject({
  payment_intent: z.string().optional(),
  charge: z.string().optional(),
  ...listParams,
  expand: unsupportedExpand.optional(),
});

export const listRefunds: Operation = ({ state, params: raw }) => {
  const params = parseParams(ListRefundsParams, raw);
  const matching = [...state.refunds.values()]
    .reverse()
    .filter(
      (refund) =>
        (params.payment_intent === undefined || refund.payment_intent === params.payment_intent) &&
        (params.charge === undefined || refund.charge === params.charge),
    );
  return { status: 200, body: listPage(matching, params, 'refund', '/v1/refunds') };
};
