// Stripe's Dispute object (https://docs.stripe.com/api/disputes/object): the cardholder's bank took the money back
// from the platform. The fake opens one for the `pm_card_createDispute` test card and on a test control's request.
import { newId } from '../ids';
import type { Charge } from './charge';

const DAY_SECONDS = 24 * 60 * 60;
// Stripe gives the platform about a week to answer; the due date only informs, nothing in the fake acts on it.
const RESPONSE_WINDOW_DAYS = 7;

export interface Dispute {
  id: string;
  object: 'dispute';
  amount: number;
  balance_transactions: [];
  charge: string;
  created: number;
  currency: string;
  evidence_details: { due_by: number; has_evidence: false; past_due: false; submission_count: 0 };
  is_charge_refundable: false;
  livemode: false;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: 'fraudulent';
  status: 'needs_response';
}

/** A dispute of the whole charge for fraud (what Stripe's test card produces), waiting for the platform's answer. */
export function newDispute(charge: Charge, now: number): Dispute {
  return {
    id: newId('dp'),
    object: 'dispute',
    amount: charge.amount,
    balance_transactions: [],
    charge: charge.id,
    created: now,
    currency: charge.currency,
    evidence_details: {
      due_by: now + RESPONSE_WINDOW_DAYS * DAY_SECONDS,
      has_evidence: false,
      past_due: false,
      submission_count: 0,
    },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: charge.paymentIntent,
    reason: 'fraudulent',
    status: 'needs_response',
  };
}
