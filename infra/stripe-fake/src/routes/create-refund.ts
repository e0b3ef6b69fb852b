// POST /v1/refunds (https://docs.stripe.com/api/refunds/create): refunds a succeeded payment, named by its
// PaymentIntent or its charge, in full unless `amount` asks for less.
import { z } from 'zod';
import { invalidRequest, resourceMissing } from '../errors';
import type { Charge } from '../objects/charge';
import type { Operation, OperationContext } from '../operation';
import { refundCharge } from '../operations/refund-charge';
import { integerParam, metadataParam, nonEmptyStringParam, unsupportedExpand } from '../params/fields';
import { parseParams } from '../params/parse-params';

const CreateRefundParams = z
  .strictObject({
    payment_intent: nonEmptyStringParam.optional(),
    charge: nonEmptyStringParam.optional(),
    amount: integerParam
      .refine((amount) => amount > 0, {
        error: (issue) => `Invalid positive integer: ${String(issue.input)}`,
        params: { stripeCode: 'parameter_invalid_integer' },
      })
      .optional(),
    reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
    metadata: metadataParam.optional(),
    expand: unsupportedExpand.optional(),
  })
  .check((context) => {
    if (context.value.payment_intent === undefined && context.value.charge === undefined) {
      context.issues.push({
        code: 'custom',
        input: context.value,
        path: [],
        message: 'One of the following params should be provided for this request: payment_intent or charge.',
        params: { stripeCode: 'parameter_missing' },
      });
    }
  });

type RefundParams = z.output<typeof CreateRefundParams>;

const noSuccessfulCharge = (paymentIntentId: string, param: string) =>
  invalidRequest(`This PaymentIntent (${paymentIntentId}) does not have a successful charge to refund.`, { param });

/** The succeeded charge the request names, through its PaymentIntent, its own id, or both (which must agree). */
function chargeToRefund({ state }: OperationContext, params: RefundParams): Charge {
  let charge: Charge | undefined;
  if (params.charge !== undefined) {
    charge = state.charges.get(params.charge);
    if (charge === undefined) throw resourceMissing('charge', params.charge, 'charge', 400);
    if (charge.status !== 'succeeded') throw noSuccessfulCharge(charge.paymentIntent, 'charge');
  }
  if (params.payment_intent !== undefined) {
    const intent = state.paymentIntents.get(params.payment_intent);
    if (intent === undefined) throw resourceMissing('payment_intent', params.payment_intent, 'payment_intent', 400);
    const latest = intent.latest_charge === null ? undefined : state.charges.get(intent.latest_charge);
    if (intent.status !== 'succeeded' || latest?.status !== 'succeeded') {
      throw noSuccessfulCharge(intent.id, 'payment_intent');
    }
    if (charge !== undefined && charge.paymentIntent !== intent.id) {
      throw invalidRequest(`Charge ${charge.id} does not belong to PaymentIntent ${intent.id}.`, { param: 'charge' });
    }
    charge = latest;
  }
  // The schema guarantees one of the two params, so one of the branches above has set the charge.
  if (charge === undefined)
    throw invalidRequest('Missing required param: payment_intent.', { param: 'payment_intent' });
  return charge;
}

export const createRefund: Operation = (context) => {
  const params = parseParams(CreateRefundParams, context.params);
  const charge = chargeToRefund(context, params);
  const refund = refundCharge(
    context.state,
    charge,
    { amount: params.amount, metadata: params.metadata, reason: params.reason },
    context.request,
    context.now,
  );
  return { status: 200, body: refund };
};
