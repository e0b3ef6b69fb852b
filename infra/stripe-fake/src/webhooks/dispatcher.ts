// Webhook delivery as Stripe does it (https://docs.stripe.com/webhooks): each event is POSTed as JSON to its
// endpoint with a `Stripe-Signature` header, in the background (an API answer never waits for it), and retried with
// exponential backoff on a non-2xx answer or a connection failure. Every attempt is logged for tests to count, and
// tests can ask for the faults a real receiver must survive: lost, duplicated, late and out-of-order deliveries.
import { randomInt } from 'node:crypto';
import type { StripeFakeLogger } from '../logger';
import type { StripeEvent } from '../objects/event';
import {
  DEFAULT_WEBHOOK_SETTINGS,
  type EndpointKind,
  type WebhookEndpoint,
  type WebhookSettings,
  type WebhookSettingsPatch,
} from './settings';
import { signatureHeader } from './signature';

// Stripe waits up to this long for an endpoint to answer before it counts the attempt as failed.
const ATTEMPT_TIMEOUT_MS = 10_000;

/** One line of the delivery log: an attempt (with the endpoint's status, or the connection error) or a drop. */
export interface DeliveryRecord {
  eventId: string;
  type: string;
  endpoint: EndpointKind;
  attempt: number;
  /** The endpoint's HTTP status; null when it could not be reached or the delivery was dropped. */
  status: number | null;
  outcome: 'delivered' | 'failed' | 'gave_up' | 'dropped';
  error?: string;
  at: string;
}

interface Delivery {
  event: StripeEvent;
  kind: EndpointKind;
  endpoint: WebhookEndpoint;
  /** Serialized once, when the event happened: a retry sends the same body (signed afresh, as Stripe signs). */
  payload: string;
}

/** fetch's "fetch failed" hides the reason in `cause` (ECONNREFUSED, a timeout's TimeoutError): name that. */
function failureReason(caught: unknown): string {
  const cause = caught instanceof Error && caught.cause instanceof Error ? caught.cause : caught;
  if (!(cause instanceof Error)) return String(cause);
  const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  return code ?? (cause.message || cause.name);
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

export class WebhookDispatcher {
  readonly deliveries: DeliveryRecord[] = [];
  private settings: WebhookSettings;
  private held: Delivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    initial: Partial<WebhookSettings>,
    private readonly logger: StripeFakeLogger,
  ) {
    this.settings = { ...DEFAULT_WEBHOOK_SETTINGS, ...initial };
  }

  /** The settings without the endpoints' secrets, for the test control that shows them. */
  describe(): Omit<WebhookSettings, 'platform' | 'connect'> & {
    platform: string | null;
    connect: string | null;
    held: number;
  } {
    const { platform, connect, ...rest } = this.settings;
    return { ...rest, platform: platform?.url ?? null, connect: connect?.url ?? null, held: this.held.length };
  }

  /** Changes settings; turning `paused` off releases the held deliveries in the configured order. */
  configure(patch: WebhookSettingsPatch): void {
    const wasPaused = this.settings.paused;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    this.settings = { ...this.settings, ...defined };
    if (wasPaused && !this.settings.paused) void this.release();
  }

  /**
   * Takes a new event: sends it to its endpoint (or holds or drops it, as the test faults say). Returns how many
   * endpoints it goes to, the event's `pending_webhooks`: 0 when its endpoint is not configured.
   */
  accept(event: StripeEvent): number {
    const kind: EndpointKind = event.account === undefined ? 'platform' : 'connect';
    const endpoint = this.settings[kind];
    if (endpoint === null || this.closed) return 0;
    event.pending_webhooks = 1;
    // Pretty-printed, as Stripe sends it: a receiver must verify the raw bytes, not re-serialized JSON.
    const delivery: Delivery = { event, kind, endpoint, payload: JSON.stringify(event, null, 2) };
    if (this.settings.drop) {
      this.record(delivery, 0, null, 'dropped');
    } else if (this.settings.paused) {
      this.held.push(delivery);
    } else {
      this.start(delivery);
    }
    return 1;
  }

  /** Forgets the log (the count a test starts from) without touching deliveries under way. */
  clearLog(): void {
    this.deliveries.length = 0;
  }

  /** Stops every pending retry and drops what is held: nothing is sent after this. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.held = [];
  }

  private start(delivery: Delivery): Promise<void> {
    const first = this.attempt(delivery, 1);
    if (this.settings.duplicate) void this.attempt(delivery, 1);
    return first;
  }

  // Held deliveries go one after another, each first attempt awaited, so the order the test asked for is the
  // order in which they reach the endpoint.
  private async release(): Promise<void> {
    const held = this.held;
    this.held = [];
    const order = this.settings.order;
    const ordered = order === 'reverse' ? [...held].reverse() : order === 'shuffle' ? shuffled(held) : held;
    for (const delivery of ordered) await this.start(delivery);
  }

  private async attempt(delivery: Delivery, attempt: number): Promise<void> {
    if (this.closed) return;
    const { endpoint, payload } = delivery;
    let status: number | null = null;
    let error: string | undefined;
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': signatureHeader(payload, endpoint.secret, Math.floor(Date.now() / 1000)),
        },
        body: payload,
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      status = response.status;
      // The body is not read; cancelling it frees the connection.
      await response.body?.cancel();
    } catch (caught) {
      error = failureReason(caught);
    }
    if (this.closed) return;
    const delivered = status !== null && status >= 200 && status < 300;
    if (delivered) {
      this.record(delivery, attempt, status, 'delivered');
      return;
    }
    const last = attempt >= this.settings.maxAttempts;
    this.record(delivery, attempt, status, last ? 'gave_up' : 'failed', error);
    if (last) return;
    const delay = this.settings.retryBaseMs * 2 ** (attempt - 1);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(delivery, attempt + 1);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private record(
    delivery: Delivery,
    attempt: number,
    status: number | null,
    outcome: DeliveryRecord['outcome'],
    error?: string,
  ): void {
    const { event, kind } = delivery;
    const line: DeliveryRecord = {
      eventId: event.id,
      type: event.type,
      endpoint: kind,
      attempt,
      status,
      outcome,
      ...(error !== undefined && { error }),
      at: new Date().toISOString(),
    };
    this.deliveries.push(line);
    this.logger.info({ webhook: line }, 'webhook');
  }
}
