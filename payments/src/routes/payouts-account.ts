import { authedUser, requireAuth, ServiceUnavailableError } from '@ticketing/common';
import { Router } from 'express';
import { startOnboarding } from '../models/onboarding';

/**
 * POST /api/payments/payouts/account (DESIGN §12): creates the seller's Stripe Express account the first time, and
 * answers 200 `{ onboardingUrl }`, a fresh Account Link each call (Stripe's links are single-use and short-lived).
 * 503 when Stripe cannot be reached (nothing half-made: a retry sends the same keyed account request).
 */
export function payoutsAccountRouter(clientUrl: string): Router {
  return Router().post('/api/payments/payouts/account', requireAuth, async (req, res) => {
    try {
      res.json(await startOnboarding(authedUser(req).id, clientUrl, req.log));
    } catch (error) {
      req.log.error({ err: error }, 'onboarding at Stripe failed');
      throw new ServiceUnavailableError('The payment provider is not available; please try again');
    }
  });
}
