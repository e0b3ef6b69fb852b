// Stripe's PaymentIntent object (https://docs.stripe.com/api/payment_intents/object), with the fields a card
// payment without customers, Connect or manual capture has. Fields the fake never sets are present as null,
// as Stripe sends them, so that code reading them sees what it will see in production.
import { newId } from '../ids';
import type { PaymentMethod } from './payment-method';

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

/** Why an intent was canceled (https://docs.stripe.com/api/payment_intents/cancel#cancel_payment_intent-cancellation_reason). */
export type CancellationReason = 'duplicate' | 'fraudulent' | 'requested_by_customer' | 'abandoned' | 'automatic';

/** The error a declined confirmation leaves on the intent (the same fields as the 402 response's error). */
export interface DeclineError {
  type: 'card_error';
  charge: string;
  code: string;
  decline_code: string;
  doc_url: string;
  message: string;
  payment_method: PaymentMethod;
}

/** What a failed 3-D Secure challenge leaves on the intent: no charge was attempted, so no charge and no decline code. */
export interface AuthenticationError {
  type: 'invalid_request_error';
  code: 'payment_intent_authentication_failure';
  doc_url: string;
  message: string;
  payment_method: PaymentMethod;
}

export type LastPaymentError = DeclineError | AuthenticationError;

/**
 * What the client has to do before the intent can go on (https://docs.stripe.com/api/payment_intents/object#payment_intent_object-next_action).
 * `use_stripe_sdk` is opaque by Stripe's own word ("only intended to be used by Stripe.js"); the fake puts there the
 * URL of its challenge page, which the browser tests' stand-in for Stripe.js opens, as Stripe.js opens the issuer's.
 */
export type NextAction =
  | { type: 'use_stripe_sdk'; use_stripe_sdk: { type: 'three_d_secure_redirect'; stripe_js: string; source: string } }
  | { type: 'redirect_to_url'; redirect_to_url: { url: string; return_url: string | null } };

export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  allowed_payment_method_types: string[] | null;
  amount: number;
  amount_capturable: number;
  amount_received: number;
  application: null;
  application_fee_amount: null;
  automatic_payment_methods: { allow_redirects?: 'always' | 'never'; enabled: boolean } | null;
  /** Unix time of the cancellation, once canceled. */
  canceled_at: number | null;
  cancellation_reason: CancellationReason | null;
  capture_method: 'automatic' | 'automatic_async';
  client_secret: string;
  confirmation_method: 'automatic';
  created: number;
  currency: string;
  customer: null;
  description: string | null;
  excluded_payment_method_types: null;
  last_payment_error: LastPaymentError | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Record<string, string>;
  next_action: NextAction | null;
  on_behalf_of: null;
  payment_method: string | null;
  payment_method_options: {
    card: { installments: null; mandate_options: null; network: null; request_three_d_secure: 'automatic' };
  };
  payment_method_types: string[];
  processing: null;
  receipt_email: string | null;
  review: null;
  setup_future_usage: null;
  shipping: null;
  statement_descriptor: null;
  statement_descriptor_suffix: null;
  status: PaymentIntentStatus;
  transfer_data: null;
  /** Groups the charge with the transfers made from it (separate charges and transfers); copied onto the charge. */
  transfer_group: string | null;
}

export interface NewPaymentIntent {
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  description: string | null;
  receiptEmail: string | null;
  captureMethod: PaymentIntent['capture_method'];
  automaticPaymentMethods: PaymentIntent['automatic_payment_methods'];
  paymentMethodTypes: string[];
  allowedPaymentMethodTypes: string[] | null;
  paymentMethod: string | null;
  transferGroup: string | null;
}

export function newPaymentIntent(fields: NewPaymentIntent, now: number): PaymentIntent {
  const id = newId('pi');
  return {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: fields.allowedPaymentMethodTypes,
    amount: fields.amount,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: fields.automaticPaymentMethods,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: fields.captureMethod,
    client_secret: `${id}_secret_${newId('x').slice(2)}`,
    confirmation_method: 'automatic',
    created: now,
    currency: fields.currency,
    customer: null,
    description: fields.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: fields.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: fields.paymentMethod,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: fields.paymentMethodTypes,
    processing: null,
    receipt_email: fields.receiptEmail,
    review: null,
    setup_future_usage: null,
    shipping: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: fields.paymentMethod === null ? 'requires_payment_method' : 'requires_confirmation',
    transfer_data: null,
    transfer_group: fields.transferGroup,
  };
}
