import { DEFAULT_STRIPE_VERSION } from './version';
import type { Account } from './objects/account';
import type { StoredAccountLink } from './objects/account-link';
import type { Charge } from './objects/charge';
import type { Dispute } from './objects/dispute';
import { newEvent, type NewEvent, type StripeEvent } from './objects/event';
import type { PaymentIntent } from './objects/payment-intent';
import type { StoredPaymentMethod } from './objects/payment-method';
import type { Refund } from './objects/refund';
import type { Transfer } from './objects/transfer';

// Events are kept for GET /v1/events (Stripe keeps them 30 days); past this many the oldest go, so that a long
// benchmark's payments do not hold a copy of every intent in memory.
const MAX_EVENTS = 20_000;

export interface StripeStateOptions {
  /**
   * Hands each new event to webhook delivery; answers how many endpoints will receive it (the event's
   * `pending_webhooks`). Without it events are only stored, for `GET /v1/events/:id`.
   */
  onEvent?: (event: StripeEvent) => number;
  /** How long after a `pm_card_createDispute` payment succeeds its dispute is opened. */
  disputeDelayMs?: number;
}

/**
 * Everything the fake knows, in memory only: a restart forgets every object (it is a stand-in for local runs and
 * tests, not a store). Handlers run synchronously from start to finish, so no two of them interleave on these maps.
 */
export class StripeState {
  readonly paymentIntents = new Map<string, PaymentIntent>();
  readonly paymentMethods = new Map<string, StoredPaymentMethod>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  readonly accounts = new Map<string, Account>();
  readonly accountLinks = new Map<string, StoredAccountLink>();
  /** In creation order, which listing reverses (Stripe lists newest first). */
  readonly transfers = new Map<string, Transfer>();
  readonly disputes = new Map<string, Dispute>();
  readonly events = new Map<string, StripeEvent>();
  /**
   * Each connected account's available balance per currency: transfers in, less reversals, less what was paid out
   * to the seller's bank (a test control). A reversal needs it: Stripe takes reversed money from this balance.
   */
  readonly connectedBalances = new Map<string, Map<string, number>>();
  readonly disputeDelayMs: number;
  private readonly onEvent: (event: StripeEvent) => number;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(options: StripeStateOptions = {}) {
    this.onEvent = options.onEvent ?? (() => 0);
    this.disputeDelayMs = options.disputeDelayMs ?? 100;
  }

  /** Records an event and hands it to webhook delivery (which never blocks: it runs in the background). */
  publish(fields: Omit<NewEvent, 'apiVersion'>, now: number): StripeEvent {
    // Stripe renders events in the account's default API version, not the version of the request that caused them.
    const event = newEvent({ ...fields, apiVersion: DEFAULT_STRIPE_VERSION }, now);
    this.events.set(event.id, event);
    if (this.events.size > MAX_EVENTS) this.events.delete(this.events.keys().next().value ?? '');
    event.pending_webhooks = this.onEvent(event);
    return event;
  }

  /** Runs `task` after `ms`, unless the fake is closed first (so a closed fake leaves no timer behind). */
  later(ms: number, task: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      task();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
