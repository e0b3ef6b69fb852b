// POST /v1/transfers/:id/reversals (https://docs.stripe.com/api/transfer_reversals/create): takes money back from
// the connected account, all that is left of the transfer unless `amount` says less. Stripe takes it from the
// account's available balance and refuses the reversal when that balance is short (the seller was paid out).
import { z } from 'zod';
import { availableBalance, adjustBalance } from '../connect/balances';
import { formatAmount } from '../currencies';
import { invalidRequest, resourceMissing } from '../errors';
import { addReversal } from '../objects/transfer';
import type { Operation } from '../operation';
import { booleanParam, integerParam, metadataParam, unsupportedExpand } from '../params/fields';
import { parseParams } from '../params/parse-params';

const CreateReversalParams = z.strictObject({
  amount: integerParam
    .refine((amount) => amount > 0, {
      error: (issue) => `Invalid positive integer: ${String(issue.input)}`,
      params: { stripeCode: 'parameter_invalid_integer' },
    })
    .optional(),
  description: z.string().optional(),
  metadata: metadataParam.optional(),
  refund_application_fee: booleanParam.optional(),
  expand: unsupportedExpand.optional(),
});

export const createTransferReversal: Operation = ({ state, now, params: raw, id }) => {
  const transfer = state.transfers.get(id);
  if (transfer === undefined) throw resourceMissing('transfer', id, 'id', 404);
  const params = parseParams(CreateReversalParams, raw);
  const left = transfer.amount - transfer.amount_reversed;
  if (left === 0) throw invalidRequest(`Transfer ${transfer.id} has already been fully reversed.`);
  const amount = params.amount ?? left;
  if (amount > left) {
    throw invalidRequest(
      `Reversal amount (${formatAmount(transfer.currency, amount)}) is greater than the amount left on the ` +
        `transfer (${formatAmount(transfer.currency, left)}).`,
      { code: 'amount_too_large', param: 'amount' },
    );
  }
  if (availableBalance(state, transfer.destination, transfer.currency) < amount) {
    throw invalidRequest(
      'Insufficient funds in Stripe account. In test mode, you can add funds to your available balance ' +
        '(bypassing your pending balance) by creating a charge with 4000 0000 0000 0077 as the card number.',
      { code: 'balance_insufficient' },
    );
  }
  const reversal = addReversal(transfer, { amount, metadata: params.metadata ?? {} }, now);
  adjustBalance(state, transfer.destination, transfer.currency, -amount);
  // Money back on the platform: the source charge can fund a new transfer for it.
  const charge = transfer.source_transaction === null ? undefined : state.charges.get(transfer.source_transaction);
  if (charge !== undefined) charge.amountTransferred -= amount;
  return { status: 200, body: reversal };
};
