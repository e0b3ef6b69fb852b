// Refunding a succeeded charge, as Stripe does for POST /v1/refunds and for a refund made in its dashboard: Stripe
// refuses a disputed or fully refunded charge and more than is left, creates the Refund, and sends
// `charge.refunded` to the platform.
import { formatAmount } from '../currencies';
import { invalidRequest } from '../errors';
import { type Charge, chargeJson } from '../objects/charge';
import type { EventRequest } from '../objects/event';
import { newRefund, type Refund, type RefundReason } from '../objects/refund';
import type { StripeState } from '../state';

export interface RefundAsked {
  /** In the charge's minor unit; the whole unrefunded amount when absent. */
  amount?: number | undefined;
  metadata?: Record<string, string> | undefined;
  reason?: RefundReason | undefined;
}

/** Refunds `charge` (succeeded) now; `request` is the API request behind it, NO_REQUEST from the dashboard. */
export function refundCharge(
  state: StripeState,
  charge: Charge,
  asked: RefundAsked,
  request: EventRequest,
  now: number,
): Refund {
  // A disputed charge is settled through the dispute: Stripe refuses to refund it (is_charge_refundable false).
  if (charge.disputed) {
    throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, {
      code: 'charge_disputed',
    });
  }
  const unrefunded = charge.amount - charge.amountRefunded;
  if (unrefunded === 0) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  }
  const amount = asked.amount ?? unrefunded;
  if (amount > unrefunded) {
    throw invalidRequest(
      `Refund amount (${formatAmount(charge.currency, amount)}) is greater than unrefunded amount on charge ` +
        `(${formatAmount(charge.currency, unrefunded)})`,
      { code: 'amount_too_large', param: 'amount' },
    );
  }

  const refund = newRefund(
    {
      amount,
      charge: charge.id,
      currency: charge.currency,
      paymentIntent: charge.paymentIntent,
      metadata: asked.metadata ?? {},
      reason: asked.reason ?? null,
    },
    now,
  );
  charge.amountRefunded += amount;
  state.refunds.set(refund.id, refund);
  state.publish({ type: 'charge.refunded', object: chargeJson(charge), request }, now);
  return refund;
}
