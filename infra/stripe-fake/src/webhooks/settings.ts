// How the fake delivers webhooks: the two endpoints (the platform's own events, and its connected accounts' events,
// as a Stripe account has one endpoint of each kind), retries, and the faults tests can ask for.
import { z } from 'zod';

const Endpoint = z.strictObject({ url: z.url({ protocol: /^https?$/ }), secret: z.string().min(1) });
export type WebhookEndpoint = z.output<typeof Endpoint>;

/** Which endpoint an event goes to: Connect events (they carry `account`) to the Connect one. */
export type EndpointKind = 'platform' | 'connect';

/** In what order events held while delivery was paused are sent when it resumes. */
export type ReleaseOrder = 'in_order' | 'reverse' | 'shuffle';

export const WebhookSettingsPatch = z.strictObject({
  platform: Endpoint.nullable().optional(),
  connect: Endpoint.nullable().optional(),
  /** The first retry waits this long, each next one twice as long (Stripe retries for days; tests use ms). */
  retryBaseMs: z.number().int().min(0).max(3_600_000).optional(),
  /** Attempts per delivery, the first included; after the last one the delivery is given up (logged). */
  maxAttempts: z.number().int().min(1).max(50).optional(),
  /** Hold every delivery until set back to false (then released in `order`): webhooks late, and out of order. */
  paused: z.boolean().optional(),
  /** Lose every delivery (logged as dropped, never sent): webhooks that never arrive. */
  drop: z.boolean().optional(),
  /** Send every delivery twice: Stripe's at-least-once delivery. */
  duplicate: z.boolean().optional(),
  order: z.enum(['in_order', 'reverse', 'shuffle']).optional(),
});
export type WebhookSettingsPatch = z.output<typeof WebhookSettingsPatch>;

export interface WebhookSettings {
  platform: WebhookEndpoint | null;
  connect: WebhookEndpoint | null;
  retryBaseMs: number;
  maxAttempts: number;
  paused: boolean;
  drop: boolean;
  duplicate: boolean;
  order: ReleaseOrder;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  platform: null,
  connect: null,
  retryBaseMs: 1_000,
  maxAttempts: 8,
  paused: false,
  drop: false,
  duplicate: false,
  order: 'in_order',
};
