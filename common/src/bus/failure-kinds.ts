/**
 * Thrown by a handler for an event that can never succeed, however often it is delivered (it names a record that
 * will never exist, asks for something the contract forbids). The listener copies it to the dead letters at once.
 */
export class NeverApplicableError extends Error {
  override readonly name = 'NeverApplicableError';
}

// Errors of something that is down or slow, and will pass: the database, the bus, Redis, Stripe (DESIGN §5).
const TRANSIENT_NAMES = new Set([
  // mongodb driver
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoPoolClearedError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoWriteConcernError',
  // mongoose, when the connection is down
  'MongooseServerSelectionError',
  'DisconnectedError',
  // ioredis
  'MaxRetriesPerRequestError',
  // stripe
  'StripeConnectionError',
  'StripeAPIError',
  'StripeRateLimitError',
  // nats.js, and timeouts anywhere
  'TimeoutError',
  'ConnectionError',
  'RequestError',
  'NoRespondersError',
  'AbortError',
]);

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** How a handler's failure is treated: redeliver for as long as it takes, or count towards the dead letters. */
export type FailureKind = 'transient' | 'never' | 'unknown';

/** Classifies a handler's error (its cause chain too: wrappers often hide the network error inside). */
export function failureKind(error: unknown): FailureKind {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof NeverApplicableError) return 'never';
    if (typeof e !== 'object') break;
    const { name, code, message } = e as { name?: unknown; code?: unknown; message?: unknown };
    if (typeof name === 'string' && TRANSIENT_NAMES.has(name)) return 'transient';
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return 'transient';
    if (typeof message === 'string' && /timed? ?out|Connection is closed|connection closed/i.test(message))
      return 'transient';
    // TICKETING full (discard new, DESIGN §16): it refuses publishes until its consumers catch up, which they will.
    if (typeof message === 'string' && /maximum bytes exceeded/i.test(message)) return 'transient';
    e = (e as { cause?: unknown }).cause;
  }
  return 'unknown';
}
