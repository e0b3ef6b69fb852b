import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';

/** A key of the shape Stripe's test keys have; the fake accepts any `sk_test_...`. */
export const TEST_KEY = 'sk_test_51TicketingFakeKey000000000000000000';

/**
 * The official SDK pointed at a base URL (the fake's or stripe-mock's), as payments points it with
 * STRIPE_API_URL. Retries are off so that every test sees the first answer, not the SDK's second try.
 */
export function stripeAt(baseUrl: string, apiKey = TEST_KEY): Stripe {
  const url = new URL(baseUrl);
  return new Stripe(apiKey, {
    host: url.hostname,
    port: Number(url.port),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    maxNetworkRetries: 0,
  });
}

/** A fresh order id and idempotency key per test: no test depends on another's data. */
export const newOrderId = (): string => randomUUID().replace(/-/g, '').slice(0, 24);
export const newKey = (purpose: string): string => `${purpose}:${randomUUID()}`;

/** Runs `call` and returns what it threw, failing the test if it did not throw. */
export async function thrown<T>(call: () => Promise<T>): Promise<Stripe.errors.StripeError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
