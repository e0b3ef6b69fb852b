// Stripe's webhook signature (https://docs.stripe.com/webhooks#verify-manually): the header
// `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint's secret>`,
// which the SDK's `stripe.webhooks.constructEvent(rawBody, header, secret)` checks. The secret (`whsec_...`) is used
// whole as the key, prefix included, as Stripe and the SDK use it.
import { createHmac } from 'node:crypto';

export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}
