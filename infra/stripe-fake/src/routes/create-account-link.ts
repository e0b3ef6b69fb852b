// POST /v1/account_links (https://docs.stripe.com/api/account_links/create): a single-use URL of the hosted
// onboarding page for a connected account. Stripe's links expire after a few minutes; so do the fake's.
import { z } from 'zod';
import { resourceMissing } from '../errors';
import { accountLinkJson, newAccountLinkId, type StoredAccountLink } from '../objects/account-link';
import type { Operation } from '../operation';
import { nonEmptyStringParam, unsupportedExpand } from '../params/fields';
import { parseParams } from '../params/parse-params';

/** How long a link stays usable (Stripe: "a few minutes"). */
export const ACCOUNT_LINK_TTL_SECONDS = 300;

const CreateAccountLinkParams = z.strictObject({
  account: nonEmptyStringParam,
  type: z.enum(['account_onboarding', 'account_update']),
  refresh_url: z.url({ protocol: /^https?$/, error: 'Not a valid URL' }),
  return_url: z.url({ protocol: /^https?$/, error: 'Not a valid URL' }),
  collect: z.enum(['currently_due', 'eventually_due']).optional(),
  expand: unsupportedExpand.optional(),
});

export const createAccountLink: Operation = ({ state, now, params: raw, origin }) => {
  const params = parseParams(CreateAccountLinkParams, raw);
  if (!state.accounts.has(params.account)) throw resourceMissing('account', params.account, 'account', 400);
  const link: StoredAccountLink = {
    id: newAccountLinkId(),
    account: params.account,
    refreshUrl: params.refresh_url,
    returnUrl: params.return_url,
    expiresAt: now + ACCOUNT_LINK_TTL_SECONDS,
    used: false,
  };
  state.accountLinks.set(link.id, link);
  return { status: 200, body: accountLinkJson(link, origin, now) };
};
