import type { RequestHandler } from 'express';

/**
 * Stripe's API answers cross-origin requests from any page (Stripe.js calls it from the shop's origin with a
 * publishable key), so the fake does too: `Access-Control-Allow-Origin: *` on every answer, and preflights answered
 * with the headers the SDKs send. No credentials are involved: the key travels in the request itself.
 */
export const cors: RequestHandler = (req, res, next) => {
  res.set('Access-Control-Allow-Origin', '*');
  if (req.method !== 'OPTIONS') return next();
  res
    .set('Access-Control-Allow-Methods', 'GET, POST, DELETE')
    .set('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, Stripe-Version')
    .set('Access-Control-Max-Age', '300')
    .status(204)
    .end();
};
