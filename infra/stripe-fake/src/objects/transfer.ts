// Stripe's Transfer and TransferReversal objects (https://docs.stripe.com/api/transfers/object,
// https://docs.stripe.com/api/transfer_reversals/object): money moved from the platform to a connected account,
// and moved back.
import { newId } from '../ids';

export interface TransferReversal {
  id: string;
  object: 'transfer_reversal';
  amount: number;
  balance_transaction: string;
  created: number;
  currency: string;
  destination_payment_refund: string;
  metadata: Record<string, string>;
  source_refund: null;
  transfer: string;
}

export interface Transfer {
  id: string;
  object: 'transfer';
  amount: number;
  amount_reversed: number;
  balance_transaction: string;
  created: number;
  currency: string;
  description: string | null;
  destination: string;
  destination_payment: string;
  livemode: false;
  metadata: Record<string, string>;
  reversals: { object: 'list'; data: TransferReversal[]; has_more: false; url: string };
  reversed: boolean;
  source_transaction: string | null;
  source_type: 'card';
  transfer_group: string | null;
}

export interface NewTransfer {
  amount: number;
  currency: string;
  description: string | null;
  destination: string;
  metadata: Record<string, string>;
  sourceTransaction: string | null;
  transferGroup: string | null;
}

export function newTransfer(fields: NewTransfer, now: number): Transfer {
  const id = newId('tr');
  return {
    id,
    object: 'transfer',
    amount: fields.amount,
    amount_reversed: 0,
    balance_transaction: newId('txn'),
    created: now,
    currency: fields.currency,
    description: fields.description,
    destination: fields.destination,
    destination_payment: newId('py'),
    livemode: false,
    metadata: fields.metadata,
    reversals: { object: 'list', data: [], has_more: false, url: `/v1/transfers/${id}/reversals` },
    reversed: false,
    source_transaction: fields.sourceTransaction,
    source_type: 'card',
    transfer_group: fields.transferGroup,
  };
}

/** Records a reversal on its transfer: amount_reversed, the reversals list (newest first) and `reversed`. */
export function addReversal(
  transfer: Transfer,
  fields: { amount: number; metadata: Record<string, string> },
  now: number,
): TransferReversal {
  const reversal: TransferReversal = {
    id: newId('trr'),
    object: 'transfer_reversal',
    amount: fields.amount,
    balance_transaction: newId('txn'),
    created: now,
    currency: transfer.currency,
    destination_payment_refund: newId('pyr'),
    metadata: fields.metadata,
    source_refund: null,
    transfer: transfer.id,
  };
  transfer.amount_reversed += fields.amount;
  transfer.reversed = transfer.amount_reversed === transfer.amount;
  transfer.reversals.data.unshift(reversal);
  return reversal;
}
