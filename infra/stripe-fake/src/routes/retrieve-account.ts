// GET /v1/accounts/:id (https://docs.stripe.com/api/accounts/retrieve): how a platform learns whether a seller's
// onboarding is complete (payouts_enabled, capabilities.transfers).
import { z } from 'zod';
import { resourceMissing } from '../errors';
import type { Operation } from '../operation';
import { unsupportedExpand } from '../params/fields';
import { parseParams } from '../params/parse-params';

const RetrieveAccountParams = z.strictObject({ expand: unsupportedExpand.optional() });

export const retrieveAccount: Operation = ({ state, params, id }) => {
  const account = state.accounts.get(id);
  // Stripe answers an account the platform cannot see as a permission error; unknown is the fake's only case.
  if (account === undefined) throw resourceMissing('account', id, 'account', 404);
  parseParams(RetrieveAccountParams, params);
  return { status: 200, body: account };
};
