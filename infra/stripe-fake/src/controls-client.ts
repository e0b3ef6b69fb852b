// A typed client of the fake's test controls (/_fake, routes/test-controls.ts), for this package's tests and for the
// tests of services that run against the fake (payments' webhook and payout fault tests).
import type { DeliveryRecord } from './webhooks/dispatcher';
import type { WebhookSettingsPatch } from './webhooks/settings';

export interface StripeFakeControls {
  /** Changes webhook endpoints, retries or faults (drop, duplicate, paused + order). */
  configureWebhooks(patch: WebhookSettingsPatch): Promise<unknown>;
  /** The delivery log: one line per attempt or drop. */
  deliveries(): Promise<DeliveryRecord[]>;
  clearDeliveries(): Promise<void>;
  /** Forgets every stored Idempotency-Key, as Stripe does after 24 hours. */
  forgetIdempotencyKeys(): Promise<{ forgotten: number }>;
  /** Opens a dispute on a succeeded charge now (charge.dispute.created is sent). */
  dispute(chargeId: string): Promise<{ id: string; charge: string }>;
  /** Refunds a succeeded charge as from Stripe's dashboard, in full or `amount` (charge.refunded is sent). */
  refund(chargeId: string, amount?: number): Promise<{ id: string; amount: number; charge: string }>;
  /** Pays the connected account's available balance out: a later reversal is refused balance_insufficient. */
  payOut(accountId: string): Promise<unknown>;
  balance(accountId: string): Promise<Array<{ amount: number; currency: string }>>;
  /** Expires an account link (its id is the last segment of its url). */
  expireLink(linkId: string): Promise<unknown>;
}

/** The controls of the fake at `baseUrl` (its `url`, e.g. http://127.0.0.1:12111). A refused call throws. */
export function stripeFakeControls(baseUrl: string): StripeFakeControls {
  async function call<T>(method: string, path: string, body?: object): Promise<T> {
    const response = await fetch(`${baseUrl}/_fake${path}`, {
      method,
      ...(body !== undefined && { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} /_fake${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
  return {
    configureWebhooks: (patch) => call('POST', '/webhooks', patch),
    deliveries: async () => (await call<{ deliveries: DeliveryRecord[] }>('GET', '/webhooks')).deliveries,
    clearDeliveries: () => call('DELETE', '/webhooks/deliveries'),
    forgetIdempotencyKeys: () => call('POST', '/idempotency/forget'),
    dispute: (chargeId) => call('POST', `/charges/${encodeURIComponent(chargeId)}/dispute`),
    refund: (chargeId, amount) =>
      call('POST', `/charges/${encodeURIComponent(chargeId)}/refund`, amount === undefined ? {} : { amount }),
    payOut: (accountId) => call('POST', `/accounts/${encodeURIComponent(accountId)}/payout`),
    balance: async (accountId) =>
      (
        await call<{ available: Array<{ amount: number; currency: string }> }>(
          'GET',
          `/accounts/${encodeURIComponent(accountId)}/balance`,
        )
      ).available,
    expireLink: (linkId) => call('POST', `/account_links/${encodeURIComponent(linkId)}/expire`),
  };
}
