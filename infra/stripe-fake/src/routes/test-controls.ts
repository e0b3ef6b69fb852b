// The fake's test controls, under /_fake: things that happen at Stripe without an API call (time passing, a seller's
// bank payout, a cardholder's dispute) and the webhook faults a receiver must survive. Not Stripe's API: JSON in,
// JSON out, errors in Ticketing's shape `{ errors: [{ message, field? }] }`, and no API key (the fake listens on
// loopback only).
//   GET    /_fake/webhooks                      settings (no secrets), held count, delivery log
//   POST   /_fake/webhooks                      change settings (WebhookSettingsPatch)
//   DELETE /_fake/webhooks/deliveries           empty the delivery log
//   POST   /_fake/idempotency/forget            forget every Idempotency-Key (Stripe's 24 hours have passed)
//   POST   /_fake/charges/:id/dispute           open a dispute on a succeeded charge now
//   POST   /_fake/charges/:id/refund            refund a succeeded charge from the dashboard (`amount`: all if absent)
//   POST   /_fake/accounts/:id/payout           pay the account's available balance out (it drops to 0)
//   GET    /_fake/accounts/:id/balance          the account's available balance
//   POST   /_fake/account_links/:id/expire      make a link expired, as after Stripe's few minutes
import { z } from 'zod';
import express, { type ErrorRequestHandler, type Response, Router } from 'express';
import { adjustBalance, balanceList } from '../connect/balances';
import { StripeApiError } from '../errors';
import type { IdempotencyStore } from '../http/idempotency';
import { openDispute } from '../operations/open-dispute';
import { refundCharge } from '../operations/refund-charge';
import { NO_REQUEST } from '../objects/event';
import type { StripeState } from '../state';
import type { WebhookDispatcher } from '../webhooks/dispatcher';
import { WebhookSettingsPatch } from '../webhooks/settings';

export interface TestControlDeps {
  state: StripeState;
  idempotency: IdempotencyStore;
  webhooks: WebhookDispatcher;
}

/** The dashboard's refund form: an amount in the charge's minor unit, or the whole unrefunded amount. */
const DashboardRefund = z.strictObject({
  amount: z.number().int('amount must be a positive integer').positive('amount must be a positive integer').optional(),
});

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function refuse(res: Response, status: number, message: string, field?: string): void {
  res.status(status).json({ errors: [{ message, ...(field !== undefined && { field }) }] });
}

export function testControls({ state, idempotency, webhooks }: TestControlDeps): Router {
  const router = Router();
  router.use(express.json({ limit: '10kb' }));

  router.get('/webhooks', (_req, res) => {
    res.json({ settings: webhooks.describe(), deliveries: webhooks.deliveries });
  });

  router.post('/webhooks', (req, res) => {
    const parsed = WebhookSettingsPatch.safeParse(req.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path.join('.');
      return refuse(res, 400, issue?.message ?? 'Invalid settings', field);
    }
    webhooks.configure(parsed.data);
    res.json({ settings: webhooks.describe() });
  });

  router.delete('/webhooks/deliveries', (_req, res) => {
    webhooks.clearLog();
    res.status(204).end();
  });

  router.post('/idempotency/forget', (_req, res) => {
    res.json({ forgotten: idempotency.forgetAll() });
  });

  router.post('/charges/:id/dispute', (req, res) => {
    const charge = state.charges.get(req.params.id);
    if (charge === undefined) return refuse(res, 404, `No such charge: '${req.params.id}'`);
    try {
      res.json(openDispute(state, charge, nowSeconds()));
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      refuse(res, 409, error.message);
    }
  });

  // A refund made in Stripe's dashboard: no API request of the platform's, so the event's `request` is empty.
  router.post('/charges/:id/refund', (req, res) => {
    const charge = state.charges.get(req.params.id);
    if (charge === undefined) return refuse(res, 404, `No such charge: '${req.params.id}'`);
    const parsed = DashboardRefund.safeParse(req.body ?? {});
    if (!parsed.success) return refuse(res, 400, parsed.error.issues[0]?.message ?? 'Invalid refund', 'amount');
    if (charge.status !== 'succeeded')
      return refuse(res, 409, `Charge ${charge.id} did not succeed: nothing to refund.`);
    try {
      res.json(refundCharge(state, charge, parsed.data, NO_REQUEST, nowSeconds()));
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      refuse(res, 409, error.message, error.fields.param);
    }
  });

  router.get('/accounts/:id/balance', (req, res) => {
    if (!state.accounts.has(req.params.id)) return refuse(res, 404, `No such account: '${req.params.id}'`);
    res.json({ object: 'balance', available: balanceList(state, req.params.id) });
  });

  router.post('/accounts/:id/payout', (req, res) => {
    const account = req.params.id;
    if (!state.accounts.has(account)) return refuse(res, 404, `No such account: '${account}'`);
    const paidOut = balanceList(state, account);
    for (const { currency, amount } of paidOut) adjustBalance(state, account, currency, -amount);
    res.json({ paid_out: paidOut, available: balanceList(state, account) });
  });

  router.post('/account_links/:id/expire', (req, res) => {
    const link = state.accountLinks.get(req.params.id);
    if (link === undefined) return refuse(res, 404, `No such account link: '${req.params.id}'`);
    link.expiresAt = Math.min(link.expiresAt, nowSeconds());
    res.json({ id: link.id, expires_at: link.expiresAt });
  });

  router.use((_req, res) => refuse(res, 404, 'No such test control'));
  // A body that is not JSON: the controls answer in their own shape, not Stripe's.
  const badBody: ErrorRequestHandler = (_error, _req, res, _next) => refuse(res, 400, 'The body must be JSON');
  router.use(badBody);
  return router;
}
