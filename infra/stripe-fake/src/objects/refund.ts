// Stripe's Refund object (https://docs.stripe.com/api/refunds/object) for a card charge.
import { newId } from '../ids';

export type RefundReason = 'duplicate' | 'fraudulent' | 'requested_by_customer';

export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction: string;
  charge: string;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: RefundReason | null;
  receipt_number: null;
  source_transfer_reversal: null;
  status: 'succeeded';
  transfer_reversal: null;
}

export interface NewRefund {
  amount: number;
  charge: string;
  currency: string;
  paymentIntent: string;
  metadata: Record<string, string>;
  reason: RefundReason | null;
}

export function newRefund(fields: NewRefund, now: number): Refund {
  return {
    id: newId('re'),
    object: 'refund',
    amount: fields.amount,
    balance_transaction: newId('txn'),
    charge: fields.charge,
    created: now,
    currency: fields.currency,
    metadata: fields.metadata,
    payment_intent: fields.paymentIntent,
    reason: fields.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}
