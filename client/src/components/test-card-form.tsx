'use client';

import { useState, type FormEvent } from 'react';
import type { PaymentOutcome } from '@/lib/payment-flow';
import { TEST_CARDS } from '@/lib/test-cards';
import { useSingleFlight } from './use-single-flight';

/**
 * The local Pay form (STRIPE_TEST_CARDS=true, against the Stripe fake): Stripe's test PaymentMethods in a select,
 * instead of the Payment Element, which needs Stripe.js from Stripe's servers.
 */
export function TestCardForm({
  submitLabel,
  onPay,
}: {
  submitLabel: string;
  onPay: (paymentMethod: string) => Promise<PaymentOutcome>;
}) {
  const [paymentMethod, setPaymentMethod] = useState<string>(TEST_CARDS[0].paymentMethod);
  const { busy: submitting, run } = useSingleFlight();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(async () => {
      await onPay(paymentMethod);
    });
  }

  return (
    <form className="form pay-form" onSubmit={onSubmit} data-testid="pay-form" aria-busy={submitting}>
      <div className="field">
        <label htmlFor="payment-method">Test card</label>
        <select
          id="payment-method"
          name="paymentMethod"
          value={paymentMethod}
          onChange={(e) => setPaymentMethod(e.target.value)}
          data-testid="card-select"
        >
          {TEST_CARDS.map((card) => (
            <option key={card.paymentMethod} value={card.paymentMethod}>
              {card.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button" disabled={submitting} data-testid="pay-button">
        {submitting ? 'Paying…' : submitLabel}
      </button>
    </form>
  );
}
