// The charges behind PaymentIntents: what refunds, transfers and disputes need (how much was captured, refunded
// and transferred on from it) and the ids Stripe puts in `latest_charge` and in card errors. `GET /v1/charges/:id`
// and the events about a charge (`charge.refunded`) show it as Stripe's Charge object (chargeJson).
import { newId } from '../ids';

export interface Charge {
  id: string;
  amount: number;
  amountRefunded: number;
  /** What transfers with this charge as `source_transaction` have taken from it (less their reversals). */
  amountTransferred: number;
  currency: string;
  paymentIntent: string;
  paymentMethod: string;
  status: 'succeeded' | 'failed';
  /** The PaymentIntent's transfer_group when it was charged, as Stripe copies it onto the charge. */
  transferGroup: string | null;
  /** Set once a dispute is opened on it. */
  disputed: boolean;
  /** The charge's failure code and message for a declined card. */
  failure: { code: string; message: string } | null;
  created: number;
}

export function newCharge(fields: Omit<Charge, 'id' | 'amountRefunded' | 'amountTransferred' | 'disputed'>): Charge {
  return { id: newId('ch'), amountRefunded: 0, amountTransferred: 0, disputed: false, ...fields };
}

/** Stripe's Charge object (https://docs.stripe.com/api/charges/object) for a card charge without Connect fields. */
export interface ChargeJson {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  balance_transaction: string | null;
  captured: boolean;
  created: number;
  currency: string;
  disputed: boolean;
  failure_code: string | null;
  failure_message: string | null;
  livemode: false;
  metadata: Record<string, string>;
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  refunded: boolean;
  status: 'succeeded' | 'failed';
  transfer_group: string | null;
}

export function chargeJson(charge: Charge): ChargeJson {
  const succeeded = charge.status === 'succeeded';
  return {
    id: charge.id,
    object: 'charge',
    amount: charge.amount,
    amount_captured: succeeded ? charge.amount : 0,
    amount_refunded: charge.amountRefunded,
    // Stable per charge, so two reads agree; a failed charge moves no money and has none.
    balance_transaction: succeeded ? `txn_${charge.id.slice(3)}` : null,
    captured: succeeded,
    created: charge.created,
    currency: charge.currency,
    disputed: charge.disputed,
    failure_code: charge.failure?.code ?? null,
    failure_message: charge.failure?.message ?? null,
    livemode: false,
    metadata: {},
    paid: succeeded,
    payment_intent: charge.paymentIntent,
    payment_method: charge.paymentMethod,
    refunded: succeeded && charge.amountRefunded === charge.amount,
    status: charge.status,
    transfer_group: charge.transferGroup,
  };
}
