// POST /v1/transfers (https://docs.stripe.com/api/transfers/create): separate charges and transfers, Stripe's
// marketplace pattern (https://docs.stripe.com/connect/separate-charges-and-transfers). The platform moves part of
// a charge to a seller's connected account; `source_transaction` ties the transfer to that charge, which bounds it.
import { z } from 'zod';
import { adjustBalance } from '../connect/balances';
import { findCurrency, formatAmount, supportedCurrencies } from '../currencies';
import { invalidRequest, resourceMissing } from '../errors';
import type { Charge } from '../objects/charge';
import { newTransfer } from '../objects/transfer';
import type { Operation } from '../operation';
import { integerParam, metadataParam, nonEmptyStringParam, unsupportedExpand } from '../params/fields';
import { parseParams } from '../params/parse-params';

const positiveInteger = integerParam.refine((amount) => amount > 0, {
  error: (issue) => `Invalid positive integer: ${String(issue.input)}`,
  params: { stripeCode: 'parameter_invalid_integer' },
});

const CreateTransferParams = z.strictObject({
  amount: positiveInteger,
  currency: nonEmptyStringParam.transform((value) => value.toLowerCase()),
  destination: nonEmptyStringParam,
  source_transaction: nonEmptyStringParam.optional(),
  transfer_group: z.string().optional(),
  description: z.string().optional(),
  metadata: metadataParam.optional(),
  expand: unsupportedExpand.optional(),
});

const NO_TRANSFERS_CAPABILITY =
  'Your destination account needs to have at least one of the following capabilities enabled: transfers, ' +
  'crypto_transfers, legacy_payments';

/**
 * The charge a transfer is funded from: it must exist, have succeeded, be in the transfer's currency, and have
 * enough left once its refunds and earlier transfers are taken off.
 */
function sourceCharge(charges: Map<string, Charge>, id: string, amount: number, currency: string): Charge {
  const charge = charges.get(id);
  if (charge === undefined) throw resourceMissing('charge', id, 'source_transaction', 400);
  if (charge.status !== 'succeeded') {
    throw invalidRequest(`The source_transaction ${id} has not succeeded.`, { param: 'source_transaction' });
  }
  if (charge.currency !== currency) {
    throw invalidRequest(
      `The currency of source_transaction's balance transaction (${charge.currency}) must be the same as the ` +
        `transfer currency (${currency})`,
      { param: 'currency' },
    );
  }
  const left = charge.amount - charge.amountRefunded - charge.amountTransferred;
  if (amount > left) {
    throw invalidRequest(
      `Transfer amount (${formatAmount(currency, amount)}) exceeds what is available on the source_transaction ` +
        `${id} (${formatAmount(currency, Math.max(left, 0))}).`,
      { code: 'amount_too_large', param: 'amount' },
    );
  }
  return charge;
}

export const createTransfer: Operation = ({ state, now, params: raw }) => {
  const params = parseParams(CreateTransferParams, raw);
  if (findCurrency(params.currency) === undefined) {
    throw invalidRequest(
      `Invalid currency: ${params.currency}. The local Stripe fake supports these currencies: ${supportedCurrencies.join(', ')}.`,
      { param: 'currency' },
    );
  }
  const destination = state.accounts.get(params.destination);
  if (destination === undefined) throw resourceMissing('destination', params.destination, 'destination', 400);
  if (destination.capabilities.transfers !== 'active') {
    throw invalidRequest(NO_TRANSFERS_CAPABILITY, {
      code: 'insufficient_capabilities_for_transfer',
      param: 'destination',
    });
  }
  const charge =
    params.source_transaction === undefined
      ? undefined
      : sourceCharge(state.charges, params.source_transaction, params.amount, params.currency);

  const transfer = newTransfer(
    {
      amount: params.amount,
      currency: params.currency,
      description: params.description || null,
      destination: destination.id,
      metadata: params.metadata ?? {},
      sourceTransaction: charge?.id ?? null,
      transferGroup: params.transfer_group || null,
    },
    now,
  );
  if (charge !== undefined) charge.amountTransferred += transfer.amount;
  adjustBalance(state, destination.id, transfer.currency, transfer.amount);
  state.transfers.set(transfer.id, transfer);
  return { status: 200, body: transfer };
};
