import type { ChargeJson, PendingChargeJson } from '@ticketing/common';
import type { ApiResult } from './api-result';
import { buyerMessage, declineMessage, type StripeJsError } from './stripe-errors';

/** What the Pay form shows after a payment attempt. */
export type PaymentOutcome = { kind: 'success' | 'declined' | 'pending' | 'error'; messages: string[] };

type PaymentAnswer = ApiResult<ChargeJson | PendingChargeJson>;

/** The steps of one payment; the page supplies them (the API calls, and Stripe.js where it is loaded). */
export interface PaymentSteps {
  /** POST /api/payments with the PaymentMethod id. */
  pay(): Promise<PaymentAnswer>;
  /** POST /api/payments/confirm, once a next action was handled. */
  confirm(): Promise<PaymentAnswer>;
  /** stripe.handleNextAction({ clientSecret }); absent where Stripe.js is not loaded (the local test cards). */
  handleNextAction?: (clientSecret: string) => Promise<{ error?: StripeJsError }>;
}

const isPending = (charge: ChargeJson | PendingChargeJson): charge is PendingChargeJson => 'requiresAction' in charge;

/**
 * Runs a payment to its outcome (DESIGN §7). A 202 with `requiresAction` means 3-D Secure: Stripe.js shows the
 * bank's challenge, and then payments is asked to read the PaymentIntent and settle the charge, whatever the browser
 * saw: the server, not the page, decides what was charged (a failed challenge fails the charge, and cancels the order).
 */
export async function runPayment(steps: PaymentSteps): Promise<PaymentOutcome> {
  let answer = await steps.pay();
  if (answer.ok && isPending(answer.data) && answer.data.requiresAction) {
    const { clientSecret } = answer.data;
    if (!steps.handleNextAction || !clientSecret) {
      return { kind: 'error', messages: ['This card needs a confirmation from your bank that this page cannot show.'] };
    }
    const action = await steps.handleNextAction(clientSecret);
    answer = await steps.confirm();
    if (!answer.ok && answer.status !== 402 && action.error) {
      return { kind: 'error', messages: [buyerMessage(action.error)] };
    }
  }
  return outcomeOf(answer);
}

function outcomeOf(answer: PaymentAnswer): PaymentOutcome {
  if (answer.ok) {
    if (!isPending(answer.data)) return { kind: 'success', messages: ['Payment received — order complete'] };
    if (answer.data.requiresAction) {
      return { kind: 'error', messages: ['Your bank has not confirmed this payment yet. Please try again.'] };
    }
    return { kind: 'pending', messages: ['Your payment is being processed. This page updates when it is done.'] };
  }
  if (answer.status === 402) {
    // DESIGN §3: a declined card cancels the order, so the ticket goes back on sale.
    return {
      kind: 'declined',
      messages: [...answer.errors.map((e) => declineMessage(e.message)), 'The order has been cancelled.'],
    };
  }
  return { kind: 'error', messages: answer.errors.map((e) => e.message) };
}
