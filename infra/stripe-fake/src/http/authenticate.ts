// Every /v1 request needs a test key, as `Authorization: Bearer sk_test_...` (what the SDK sends) or as HTTP Basic
// with the key as user name (what `curl -u sk_test_...:` sends); Stripe accepts both. A publishable key (what
// Stripe.js holds, also sent as a GET's `key` parameter) reaches only the endpoints that allow it.
import type { RequestHandler } from 'express';
import { StripeApiError } from '../errors';

const NO_KEY_MESSAGE =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

/** The API key in an Authorization header, or undefined when there is none. */
export function apiKeyFrom(authorization: string | undefined): string | undefined {
  const [scheme, credentials] = (authorization ?? '').trim().split(/\s+/, 2);
  if (credentials === undefined || credentials === '') return undefined;
  if (scheme?.toLowerCase() === 'bearer') return credentials;
  if (scheme?.toLowerCase() === 'basic') {
    const user = Buffer.from(credentials, 'base64').toString('utf8').split(':')[0];
    return user === '' ? undefined : user;
  }
  return undefined;
}

/**
 * How Stripe quotes a refused key: its prefix (`sk_test_`) and last four characters, the rest as asterisks, so
 * that an error message or a log line never carries a usable key.
 */
export function maskApiKey(key: string): string {
  const prefix = /^[a-z]{2,4}_(?:test|live)_/.exec(key)?.[0] ?? '';
  const secret = key.slice(prefix.length);
  const shown = secret.length > 4 ? secret.slice(-4) : '';
  return `${prefix}${'*'.repeat(secret.length - shown.length)}${shown}`;
}

const unauthorized = (message: string) => new StripeApiError(401, { type: 'invalid_request_error', message });

/**
 * Stripe.js sends its publishable key as the `key` parameter rather than a header, which keeps its GETs "simple"
 * cross-origin requests (no preflight). Only a GET's query is read here: the fake's Stripe.js stand-in only reads.
 */
function keyParam(req: Parameters<RequestHandler>[0]): string | undefined {
  const key: unknown = req.method === 'GET' ? req.query['key'] : undefined;
  return typeof key === 'string' && key !== '' ? key : undefined;
}

/**
 * Refuses any request without a test key (401), and records the key for idempotency scoping. A secret key
 * (`sk_test_...`) may call every endpoint; a publishable one (`pk_test_...`, what a browser holds) only those that
 * allow it (stripe-endpoint.ts), which then check the object's client_secret.
 */
export const authenticate: RequestHandler = (req, res, next) => {
  const key = apiKeyFrom(req.get('authorization')) ?? keyParam(req);
  if (key === undefined) return next(unauthorized(NO_KEY_MESSAGE));
  // A live key never belongs here: the fake must not be mistaken for Stripe by a misconfigured production service.
  if (!/^[sp]k_test_\S+$/.test(key)) return next(unauthorized(`Invalid API Key provided: ${maskApiKey(key)}`));
  res.locals['apiKey'] = key;
  res.locals['publishable'] = key.startsWith('pk_');
  next();
};
