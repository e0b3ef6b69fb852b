// The fake's test controls (/_fake, JSON, no API key), called as the payments tests and the launcher call them.
import type { DeliveryRecord, WebhookSettingsPatch } from '../../src/index';

async function call<T>(baseUrl: string, method: string, path: string, body?: object): Promise<T> {
  const response = await fetch(`${baseUrl}/_fake${path}`, {
    method,
    ...(body !== undefined && { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} /_fake${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export const fakeControls = (baseUrl: string) => ({
  configureWebhooks: (patch: WebhookSettingsPatch) => call(baseUrl, 'POST', '/webhooks', patch),
  deliveries: async () => (await call<{ deliveries: DeliveryRecord[] }>(baseUrl, 'GET', '/webhooks')).deliveries,
  clearDeliveries: () => call(baseUrl, 'DELETE', '/webhooks/deliveries'),
  forgetIdempotencyKeys: () => call<{ forgotten: number }>(baseUrl, 'POST', '/idempotency/forget'),
  dispute: (chargeId: string) => call<{ id: string; charge: string }>(baseUrl, 'POST', `/charges/${chargeId}/dispute`),
  payOut: (accountId: string) => call(baseUrl, 'POST', `/accounts/${accountId}/payout`),
  balance: async (accountId: string) =>
    (
      await call<{ available: Array<{ amount: number; currency: string }> }>(
        baseUrl,
        'GET',
        `/accounts/${accountId}/balance`,
      )
    ).available,
  expireLink: (linkId: string) => call(baseUrl, 'POST', `/account_links/${linkId}/expire`),
});
