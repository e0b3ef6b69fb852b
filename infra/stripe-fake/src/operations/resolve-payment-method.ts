import { resourceMissing } from '../errors';
import { paymentMethodFromToken, type StoredPaymentMethod } from '../objects/payment-method';
import type { StripeState } from '../state';

/**
 * The PaymentMethod a `payment_method` param names: a test token makes a new one (as Stripe does), a `pm_...` id
 * made earlier is looked up. Anything else is 400 resource_missing, "No such PaymentMethod: 'pm_x'".
 */
export function resolvePaymentMethod(state: StripeState, idOrToken: string, now: number): StoredPaymentMethod {
  const known = state.paymentMethods.get(idOrToken);
  if (known !== undefined) return known;
  const made = paymentMethodFromToken(idOrToken, now);
  if (made === undefined) throw resourceMissing('PaymentMethod', idOrToken, 'payment_method', 400);
  state.paymentMethods.set(made.json.id, made);
  return made;
}
