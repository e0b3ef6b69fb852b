'use client';

import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import type { Stripe } from '@stripe/stripe-js';
// `pure` loads Stripe.js only when loadStripe is called (the Pay form in production), never on import.
import { loadStripe } from '@stripe/stripe-js/pure';
import { useEffect, useState, type FormEvent } from 'react';
import type { PaymentOutcome } from '@/lib/payment-flow';
import { buyerMessage, type StripeJsError } from '@/lib/stripe-errors';
import { useSingleFlight } from './use-single-flight';

/** Pays with the PaymentMethod id; `handleNextAction` is Stripe.js's, for a card that needs 3-D Secure. */
export type PayWithCard = (
  paymentMethod: string,
  handleNextAction: (clientSecret: string) => Promise<{ error?: StripeJsError }>,
) => Promise<PaymentOutcome>;

type CardPaymentProps = {
  publishableKey: string;
  /** In cents, as Stripe counts (the Payment Element shows what it needs for this amount). */
  amount: number;
  submitLabel: string;
  onPay: PayWithCard;
};

// One Stripe.js per key and page load, as Stripe asks: loadStripe must not run on every render.
const stripes = new Map<string, Promise<Stripe | null>>();
function stripeFor(publishableKey: string): Promise<Stripe | null> {
  let stripe = stripes.get(publishableKey);
  if (!stripe) {
    // A Stripe.js that cannot load (offline, blocked) is a null Stripe: the form says so instead of breaking.
    stripe = loadStripe(publishableKey).catch(() => null);
    stripes.set(publishableKey, stripe);
  }
  return stripe;
}

/**
 * The production Pay form (DESIGN §7): Stripe's Payment Element collects the card in Stripe's frame, the browser
 * makes the PaymentMethod (elements.submit, then createPaymentMethod; "finalize payments on the server"), and
 * `onPay` sends its id to payments. The card details never touch our servers.
 */
export function CardPayment({ publishableKey, amount, submitLabel, onPay }: CardPaymentProps) {
  const [stripe] = useState(() => stripeFor(publishableKey));
  const [unavailable, setUnavailable] = useState(false);
  useEffect(() => {
    void stripe.then((loaded) => setUnavailable(loaded === null));
  }, [stripe]);

  if (unavailable) {
    return (
      <p className="alert" role="alert" data-testid="card-unavailable">
        Card payments cannot be loaded right now. Check your connection and reload the page; nothing was charged.
      </p>
    );
  }
  return (
    <Elements
      stripe={stripe}
      options={{
        mode: 'payment',
        amount,
        currency: 'usd',
        paymentMethodCreation: 'manual',
        allowedPaymentMethodTypes: ['card'],
        appearance: { theme: 'stripe', variables: { colorPrimary: '#2457c5', borderRadius: '6px' } },
      }}
    >
      <CardPaymentForm submitLabel={submitLabel} onPay={onPay} />
    </Elements>
  );
}

function CardPaymentForm({ submitLabel, onPay }: Pick<CardPaymentProps, 'submitLabel' | 'onPay'>) {
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const { busy: submitting, run } = useSingleFlight();
  const [error, setError] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!stripe || !elements) return;
    void run(async () => {
      setError(null);
      const submitted = await elements.submit();
      if (submitted.error) return setError(buyerMessage(submitted.error));
      const created = await stripe.createPaymentMethod({ elements });
      if (created.error) return setError(buyerMessage(created.error));
      await onPay(created.paymentMethod.id, (clientSecret) => stripe.handleNextAction({ clientSecret }));
    });
  }

  return (
    <form className="form pay-form" onSubmit={onSubmit} data-testid="pay-form" aria-busy={submitting}>
      <fieldset className="card-fieldset">
        <legend>Card details</legend>
        <PaymentElement
          id="payment-element"
          onReady={() => setReady(true)}
          onLoadError={() => setError('The card form could not be loaded. Please reload the page.')}
        />
      </fieldset>
      {error && (
        <p className="field-error" role="alert" data-testid="card-error">
          {error}
        </p>
      )}
      <button type="submit" className="button" disabled={!ready || submitting} data-testid="pay-button">
        {submitting ? 'Paying…' : submitLabel}
      </button>
    </form>
  );
}
