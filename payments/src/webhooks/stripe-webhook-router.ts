import { BadRequestError, ServiceUnavailableError } from '@ticketing/common';
import express, { type RequestHandler, Router } from 'express';
import type Stripe from 'stripe';
import { markApplied, wasApplied } from '../models/stripe-events';
import { stripe } from '../stripe/stripe-client';
import { applyStripeEvent } from './apply-stripe-event';

/** The header Stripe signs a delivery with: `t=<unix seconds>,v1=<HMAC-SHA256 of "t.payload">`. */
const SIGNATURE_HEADER = 'Stripe-Signature';

/**
 * One webhook endpoint: the body as it came (the signature is over its bytes), verified with `secret` by the SDK's
 * `webhooks.constructEvent` (a bad, missing or stale signature, older than the SDK's five minutes: 400, nothing read
 * or changed), then applied once per event id: a duplicate is answered 200 without effect. A failure while applying
 * (Stripe or the database unreachable) is a 503, and Stripe delivers the event again later.
 */
function webhookEndpoint(secret: string): RequestHandler {
  return async (req, res) => {
    const signature = req.header(SIGNATURE_HEADER);
    if (!signature) throw new BadRequestError('Missing Stripe signature', SIGNATURE_HEADER);
    const body: unknown = req.body;
    let event: Stripe.Event;
    try {
      event = stripe().webhooks.constructEvent(Buffer.isBuffer(body) ? body : Buffer.alloc(0), signature, secret);
    } catch {
      throw new BadRequestError('Stripe signature verification failed', SIGNATURE_HEADER);
    }
    if (await wasApplied(event.id)) {
      res.json({ received: true, duplicate: true });
      return;
    }
    let outcome;
    try {
      outcome = await applyStripeEvent(event, req.log);
    } catch (error) {
      req.log.warn(
        { err: error, stripeEventId: event.id, type: event.type },
        'Stripe event not applied; Stripe retries',
      );
      throw new ServiceUnavailableError('The event could not be applied now; please deliver it again');
    }
    await markApplied(event.id, event.type);
    req.log.info({ stripeEventId: event.id, type: event.type, outcome }, 'Stripe event');
    res.json({ received: true });
  };
}

/**
 * The Stripe webhooks (DESIGN §12): `POST /api/payments/stripe/webhook` (the platform's events, signed with
 * STRIPE_WEBHOOK_SECRET) and `POST /api/payments/stripe/connect-webhook` (the connected accounts' events, signed with
 * STRIPE_CONNECT_WEBHOOK_SECRET). Mounted before the JSON parser and the session (createServiceApp's
 * `rawBodyRouters`): they read the raw body, and no cookie rule applies to Stripe's calls.
 */
export function stripeWebhookRouter(secrets: { platform: string; connect: string }): Router {
  // Any content type: the signature, not the header, says what the body is. Stripe's events are far below 1 MB.
  const raw = express.raw({ type: () => true, limit: '1mb' });
  return Router()
    .post('/api/payments/stripe/webhook', raw, webhookEndpoint(secrets.platform))
    .post('/api/payments/stripe/connect-webhook', raw, webhookEndpoint(secrets.connect));
}
