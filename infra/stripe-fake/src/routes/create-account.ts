// POST /v1/accounts (https://docs.stripe.com/api/accounts/create): a connected account for a seller. The fake makes
// Express accounts only (what Ticketing's sellers get); they start unverified, with every requested capability
// `inactive`, until the hosted onboarding page (an account link's URL) is completed.
import { z } from 'zod';
import { type CapabilityName, newAccount } from '../objects/account';
import type { Operation } from '../operation';
import { booleanParam, metadataParam, unsupportedExpand } from '../params/fields';
import { parseParams } from '../params/parse-params';

const Capability = z.strictObject({ requested: booleanParam });

const CreateAccountParams = z.strictObject({
  type: z.enum(['express'], {
    error: 'The local Stripe fake implements only Express accounts (type=express).',
  }),
  country: z.enum(['US'], { error: 'The local Stripe fake makes accounts in the US only (country=US).' }).optional(),
  email: z.string().optional(),
  metadata: metadataParam.optional(),
  capabilities: z.strictObject({ transfers: Capability.optional(), card_payments: Capability.optional() }).optional(),
  expand: unsupportedExpand.optional(),
});

export const createAccount: Operation = ({ state, now, params: raw }) => {
  const params = parseParams(CreateAccountParams, raw);
  const capabilities = Object.entries(params.capabilities ?? {})
    .filter(([, capability]) => capability?.requested === true)
    .map(([name]) => name as CapabilityName);
  const account = newAccount(
    { country: params.country ?? 'US', email: params.email || null, metadata: params.metadata ?? {}, capabilities },
    now,
  );
  state.accounts.set(account.id, account);
  return { status: 200, body: account };
};
