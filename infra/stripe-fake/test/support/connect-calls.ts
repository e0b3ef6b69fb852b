// Connect calls the tests share: a seller's Express account, onboarded through the fake's hosted page as a seller's
// browser would (the page's form POST, whose 303 leads to the platform's return_url), and a paid order to fund it.
import type Stripe from 'stripe';
import { payOrder } from './payment-calls';
import { newKey, newOrderId } from './stripe-client';

export const RETURN_URL = 'http://127.0.0.1:3000/payouts';
export const REFRESH_URL = 'http://127.0.0.1:3000/payouts/refresh';

export function createSellerAccount(stripe: Stripe, sellerId = newOrderId()): Promise<Stripe.Response<Stripe.Account>> {
  return stripe.accounts.create(
    {
      type: 'express',
      email: `${sellerId}@example.com`,
      capabilities: { transfers: { requested: true } },
      metadata: { sellerId },
    },
    { idempotencyKey: newKey('account') },
  );
}

export function onboardingLink(stripe: Stripe, account: string): Promise<Stripe.Response<Stripe.AccountLink>> {
  return stripe.accountLinks.create({
    account,
    type: 'account_onboarding',
    refresh_url: REFRESH_URL,
    return_url: RETURN_URL,
  });
}

/** Submits the onboarding page's form; answers the status and where it redirects. */
export async function submitOnboarding(linkUrl: string): Promise<{ status: number; location: string | null }> {
  const response = await fetch(linkUrl, { method: 'POST', redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location') };
}

/** An Express account whose onboarding is complete: transfers can be made to it. */
export async function enabledSeller(stripe: Stripe): Promise<Stripe.Account> {
  const account = await createSellerAccount(stripe);
  await submitOnboarding((await onboardingLink(stripe, account.id)).url);
  return account;
}

/** A succeeded payment of `amount` cents in the order's transfer group; answers the intent and its charge id. */
export async function paidOrder(
  stripe: Stripe,
  amount = 2000,
): Promise<{ orderId: string; intent: Stripe.PaymentIntent; charge: string }> {
  const orderId = newOrderId();
  const intent = await stripe.paymentIntents.create({
    amount,
    currency: 'usd',
    payment_method: 'pm_card_visa',
    confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    metadata: { orderId },
    transfer_group: orderId,
  });
  return { orderId, intent, charge: String(intent.latest_charge) };
}

export { payOrder };
