// The charges behind PaymentIntents. The fake does not serve /v1/charges; it keeps what refunds need (how much was
// captured and how much is already refunded) and the ids Stripe puts in `latest_charge` and in card errors.
import { newId } from '../ids';

export interface Charge {
  id: string;
  amount: number;
  amountRefunded: number;
  currency: string;
  paymentIntent: string;
  paymentMethod: string;
  status: 'succeeded' | 'failed';
  created: number;
}

export function newCharge(fields: Omit<Charge, 'id' | 'amountRefunded'>): Charge {
  return { id: newId('ch'), amountRefunded: 0, ...fields };
}
