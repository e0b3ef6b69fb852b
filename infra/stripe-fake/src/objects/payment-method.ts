// PaymentMethods and Stripe's test tokens (https://docs.stripe.com/testing#cards). A token such as `pm_card_visa`
// is not itself a PaymentMethod: like Stripe, the fake makes a new `pm_...` from it each time it is used, so the
// PaymentIntent's `payment_method` is that new id, never the token.
import { newId } from '../ids';

export type CardBrand = 'visa' | 'mastercard' | 'amex';

/** Why a test card is declined: the error's code, decline_code and message, as Stripe sends them. */
export interface Decline {
  code: 'card_declined';
  declineCode: 'generic_decline' | 'insufficient_funds' | 'lost_card' | 'stolen_card';
  message: string;
}

interface TestCard {
  brand: CardBrand;
  last4: string;
  decline?: Decline;
  /** The issuer asks the cardholder to authenticate (3-D Secure) before it charges a one-time payment. */
  authenticate?: true;
  /** The payment succeeds, then the cardholder disputes it (4000 0000 0000 0259). */
  dispute?: true;
}

const declined = (declineCode: Decline['declineCode'], message = 'Your card was declined.'): Decline => ({
  code: 'card_declined',
  declineCode,
  message,
});

const insufficientFunds = declined('insufficient_funds', 'Your card has insufficient funds.');

// Stripe answers each decline token under two names (with and without `visa_`); both are listed.
const TEST_CARDS: Record<string, TestCard> = {
  pm_card_visa: { brand: 'visa', last4: '4242' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444' },
  pm_card_amex: { brand: 'amex', last4: '8431' },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', decline: declined('generic_decline') },
  pm_card_visa_chargeDeclined: { brand: 'visa', last4: '0002', decline: declined('generic_decline') },
  pm_card_chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995', decline: insufficientFunds },
  pm_card_visa_chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995', decline: insufficientFunds },
  pm_card_chargeDeclinedLostCard: { brand: 'visa', last4: '9987', decline: declined('lost_card') },
  pm_card_visa_chargeDeclinedLostCard: { brand: 'visa', last4: '9987', decline: declined('lost_card') },
  pm_card_chargeDeclinedStolenCard: { brand: 'visa', last4: '9979', decline: declined('stolen_card') },
  pm_card_visa_chargeDeclinedStolenCard: { brand: 'visa', last4: '9979', decline: declined('stolen_card') },
  // 4000 0025 0000 3155 and 4000 0000 0000 3220: the PaymentIntent goes to requires_action until the cardholder
  // completes (or fails) the 3-D Secure challenge; only then is the card charged.
  pm_card_authenticationRequired: { brand: 'visa', last4: '3155', authenticate: true },
  pm_card_threeDSecure2Required: { brand: 'visa', last4: '3220', authenticate: true },
  pm_card_createDispute: { brand: 'visa', last4: '0259', dispute: true },
};

export const testPaymentMethodTokens = Object.keys(TEST_CARDS);

/** Stripe's PaymentMethod object, for the `card` type only. */
export interface PaymentMethod {
  id: string;
  object: 'payment_method';
  allow_redisplay: 'unspecified';
  billing_details: {
    address: Record<'city' | 'country' | 'line1' | 'line2' | 'postal_code' | 'state', null>;
    email: null;
    name: null;
    phone: null;
  };
  card: {
    brand: CardBrand;
    checks: { address_line1_check: null; address_postal_code_check: null; cvc_check: 'pass' };
    country: 'US';
    display_brand: CardBrand;
    exp_month: number;
    exp_year: number;
    funding: 'credit';
    last4: string;
  };
  created: number;
  customer: null;
  livemode: false;
  metadata: Record<string, string>;
  type: 'card';
}

/** A PaymentMethod together with what the fake's card network will answer when it is charged. */
export interface StoredPaymentMethod {
  json: PaymentMethod;
  decline: Decline | undefined;
  /** Charging it needs the cardholder's 3-D Secure authentication first. */
  requiresAuthentication: boolean;
  /** A successful charge with it is disputed shortly after (StripeState.disputeDelayMs). */
  disputes: boolean;
}

/** Makes a new PaymentMethod from a test token, or undefined when the token is not one of Stripe's. */
export function paymentMethodFromToken(token: string, now: number): StoredPaymentMethod | undefined {
  const card = Object.hasOwn(TEST_CARDS, token) ? TEST_CARDS[token] : undefined;
  if (card === undefined) return undefined;
  const expYear = new Date(now * 1000).getUTCFullYear() + 1;
  const json: PaymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: null,
      name: null,
      phone: null,
    },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: 'US',
      display_brand: card.brand,
      exp_month: 12,
      exp_year: expYear,
      funding: 'credit',
      last4: card.last4,
    },
    created: now,
    customer: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
  return {
    json,
    decline: card.decline,
    requiresAuthentication: card.authenticate === true,
    disputes: card.dispute === true,
  };
}
