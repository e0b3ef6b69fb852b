import type { Charge } from './objects/charge';
import type { PaymentIntent } from './objects/payment-intent';
import type { StoredPaymentMethod } from './objects/payment-method';
import type { Refund } from './objects/refund';

/**
 * Everything the fake knows, in memory only: a restart forgets every object (it is a stand-in for local runs and
 * tests, not a store). Handlers run synchronously from start to finish, so no two of them interleave on these maps.
 */
export class StripeState {
  readonly paymentIntents = new Map<string, PaymentIntent>();
  readonly paymentMethods = new Map<string, StoredPaymentMethod>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
}
