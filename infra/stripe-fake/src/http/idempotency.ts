// Stripe's idempotent requests (https://docs.stripe.com/api/idempotent_requests): the first result stored under an
// `Idempotency-Key` is replayed, status and body, for every later request with that key, with the header
// `Idempotent-Replayed: true`; reusing a key for other parameters or another endpoint is a 400 idempotency_error.
// Keys are scoped per API key (Stripe scopes them per account) and forgotten after 24 hours, as on Stripe.
import { idempotencyError } from '../errors';

const TTL_SECONDS = 24 * 60 * 60;
const MAX_KEY_LENGTH = 255;
// The SDK puts a fresh key on every POST, so a long benchmark stores one result per request; past this many the
// oldest go first. Far above what any test or local run reaches within Stripe's 24 hours.
const MAX_RESULTS = 100_000;

/** A reply ready to send: the body already serialized, so that a stored result cannot change after it is stored. */
export interface SerializedReply {
  status: number;
  body: string;
  /** False for a result Stripe does not store (a request refused before the endpoint ran: bad params). */
  storable: boolean;
}

interface StoredResult {
  endpoint: string;
  fingerprint: string;
  status: number;
  body: string;
  requestId: string;
  storedAt: number;
}

export interface IdempotentRequest {
  /** The API key the request authenticated with. */
  scope: string;
  key: string;
  /** `/v1/payment_intents`: the endpoint a key is bound to. */
  endpoint: string;
  params: unknown;
  requestId: string;
  /** Unix seconds. */
  now: number;
}

export interface IdempotentOutcome {
  reply: SerializedReply;
  /** The Request-Id of the request whose result this is, when it is a replay. */
  originalRequestId: string | undefined;
}

/** JSON with object keys sorted at every level: equal parameters give equal text whatever their order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

export class IdempotencyStore {
  private readonly results = new Map<string, StoredResult>();
  // The tail of each key's queue: a request waits for the one before it with the same key to finish.
  private readonly queues = new Map<string, Promise<void>>();
  private lastSweep = 0;

  /**
   * Runs `execute` under the key, or replays the stored result. Requests with one key run one at a time, in arrival
   * order, so of any number of concurrent requests with a key exactly one executes and the rest replay its result.
   * A mismatch (other params, other endpoint) is answered with a 400 idempotency_error and stores nothing.
   */
  async run(request: IdempotentRequest, execute: () => Promise<SerializedReply>): Promise<IdempotentOutcome> {
    if (request.key.length > MAX_KEY_LENGTH) {
      throw idempotencyError(`Idempotency keys can be no longer than ${MAX_KEY_LENGTH} characters.`);
    }
    const id = `${request.scope}\u0000${request.key}`;
    return this.serialized(id, async () => {
      this.sweep(request.now);
      const fingerprint = canonicalJson(request.params ?? {});
      const stored = this.results.get(id);
      if (stored !== undefined && request.now - stored.storedAt < TTL_SECONDS)
        return { reply: this.replay(stored, request, fingerprint), originalRequestId: stored.requestId };

      const reply = await execute();
      if (reply.storable) {
        const { endpoint, requestId, now: storedAt } = request;
        this.results.set(id, { endpoint, fingerprint, status: reply.status, body: reply.body, requestId, storedAt });
        if (this.results.size > MAX_RESULTS) this.results.delete(this.results.keys().next().value ?? '');
      }
      return { reply, originalRequestId: undefined };
    });
  }

  /**
   * Forgets every stored result, as Stripe does 24 hours after each was stored: a test control, so a test can show
   * that a caller does not rely on a key outliving Stripe's window.
   */
  forgetAll(): number {
    const forgotten = this.results.size;
    this.results.clear();
    return forgotten;
  }

  private replay(stored: StoredResult, request: IdempotentRequest, fingerprint: string): SerializedReply {
    const tryAnother = `Try using a key other than '${request.key}' if you meant to execute a different request.`;
    if (stored.endpoint !== request.endpoint) {
      throw idempotencyError(
        `Keys for idempotent requests can only be used for the same endpoint they were first used for ` +
          `('${request.endpoint}' vs '${stored.endpoint}'). ${tryAnother}`,
      );
    }
    if (stored.fingerprint !== fingerprint) {
      throw idempotencyError(
        `Keys for idempotent requests can only be used with the same parameters they were first used with. ${tryAnother}`,
      );
    }
    return { status: stored.status, body: stored.body, storable: false };
  }

  private async serialized<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(id) ?? Promise.resolve();
    let done!: () => void;
    const tail = new Promise<void>((resolve) => (done = resolve));
    this.queues.set(id, tail);
    await previous;
    try {
      return await task();
    } finally {
      done();
      if (this.queues.get(id) === tail) this.queues.delete(id);
    }
  }

  // Forgets results older than Stripe's 24 hours, at most once a minute.
  private sweep(now: number): void {
    if (now - this.lastSweep < 60) return;
    this.lastSweep = now;
    for (const [id, result] of this.results) if (now - result.storedAt >= TTL_SECONDS) this.results.delete(id);
  }
}
