import {
  AUTHENTICATION_FAILED,
  buyerMessage,
  declineMessage,
  PAYMENTS_UNAVAILABLE,
  STRIPE_UNREACHABLE,
} from '../src/lib/stripe-errors';

describe('buyerMessage', () => {
  test("When Stripe.js reports a card or validation error, then Stripe's own words for the cardholder are shown", () => {
    expect(buyerMessage({ type: 'validation_error', message: 'Your card number is incomplete.' })).toBe(
      'Your card number is incomplete.',
    );
    expect(buyerMessage({ type: 'card_error', code: 'card_declined', message: 'Your card was declined.' })).toBe(
      'Your card was declined.',
    );
  });

  test('When the network failed, then the buyer is told nothing was charged and to try again', () => {
    expect(buyerMessage({ type: 'api_connection_error', message: 'Failed to fetch' })).toBe(STRIPE_UNREACHABLE);
  });

  test("When the error is about the integration, then the developer's message is not shown", () => {
    const error = { type: 'invalid_request_error', message: 'Invalid API Key provided: pk_test_****' };

    expect(buyerMessage(error)).toBe(PAYMENTS_UNAVAILABLE);
    expect(buyerMessage({})).toBe(PAYMENTS_UNAVAILABLE);
  });

  test('When 3-D Secure failed, then the buyer reads that their bank did not confirm it', () => {
    expect(buyerMessage({ type: 'invalid_request_error', code: 'payment_intent_authentication_failure' })).toBe(
      AUTHENTICATION_FAILED,
    );
  });
});

describe('declineMessage', () => {
  test("When payments passes on Stripe's authentication failure, then it is told without 'try again' (the order is cancelled)", () => {
    const stripe =
      'We are unable to authenticate your payment method. Please choose a different payment method and try again.';

    expect(declineMessage(stripe)).toBe(AUTHENTICATION_FAILED);
    expect(declineMessage('Your card has insufficient funds.')).toBe('Your card has insufficient funds.');
  });
});
