/** The part of a Stripe.js error the buyer's message depends on (https://docs.stripe.com/api/errors#errors-type). */
export type StripeJsError = { type?: string; code?: string; message?: string };

export const STRIPE_UNREACHABLE = 'We could not reach our payment provider. Nothing was charged; please try again.';
export const PAYMENTS_UNAVAILABLE =
  'Card payments are not working right now. Nothing was charged; please try again in a moment.';
export const AUTHENTICATION_FAILED = 'Your bank did not confirm this payment, so nothing was charged.';

/**
 * What to tell the buyer about an error from Stripe.js (elements.submit, createPaymentMethod, handleNextAction).
 * Stripe writes the messages of card and validation errors for the cardholder ("Your card number is incomplete.",
 * "Your card was declined."), so those are shown as they are; the other types are about our integration or the
 * network, whose messages are for developers, and get a plain sentence instead.
 */
export function buyerMessage(error: StripeJsError): string {
  if (error.code === 'payment_intent_authentication_failure') return AUTHENTICATION_FAILED;
  if ((error.type === 'card_error' || error.type === 'validation_error') && error.message) return error.message;
  if (error.type === 'api_connection_error') return STRIPE_UNREACHABLE;
  return PAYMENTS_UNAVAILABLE;
}

// Stripe's own sentence for a failed 3-D Secure challenge ends "Please choose a different payment method and try
// again", but a failed payment cancels the order here (DESIGN §3), so it is told differently.
const STRIPE_AUTHENTICATION_FAILED = /^We are unable to authenticate your payment method/;

/** The buyer's words for a decline message that payments passed on from Stripe (402). */
export function declineMessage(message: string): string {
  return STRIPE_AUTHENTICATION_FAILED.test(message) ? AUTHENTICATION_FAILED : message;
}
