import type { EventRequest } from './objects/event';
import type { StripeState } from './state';

/** What every endpoint is given: the state, the clock, the request's params and the id from its URL. */
export interface OperationContext {
  state: StripeState;
  /** Unix time in seconds, as in Stripe's `created` fields. */
  now: number;
  /** The form-encoded body of a POST, the query of a GET. Unparsed: each operation parses it with its schema. */
  params: unknown;
  /** The `:id` in the URL, or '' for an endpoint without one. */
  id: string;
  /** The `Stripe-Version` the request asked for (or the fake's default). */
  stripeVersion: string;
  /** `http://127.0.0.1:12111`: how the caller reached the fake (the base of URLs it hands out, as in next_action). */
  origin: string;
  /**
   * The request authenticated with a publishable key (`pk_test_...`), as Stripe.js does in a browser: only the
   * endpoints that allow it run, and they must check the object's client_secret (https://docs.stripe.com/keys).
   */
  publishable: boolean;
  /** The request's Request-Id and Idempotency-Key, which the events it causes carry in `request`. */
  request: EventRequest;
}

/** An answer in Stripe's terms: a status and a JSON body. */
export interface StripeReply {
  status: number;
  body: object;
}

/**
 * One endpoint of the API. It runs synchronously from start to finish (the state is plain memory), which is what
 * makes each request atomic; it throws a StripeApiError for any answer that is an error.
 */
export type Operation = (context: OperationContext) => StripeReply;
