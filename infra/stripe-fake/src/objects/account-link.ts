// Stripe's AccountLink (https://docs.stripe.com/api/account_links/object): a single-use, short-lived URL of the
// hosted onboarding page. The fake keeps, beside the object, what the page needs: the account and both URLs.
import { newId } from '../ids';

export interface AccountLinkJson {
  object: 'account_link';
  created: number;
  expires_at: number;
  url: string;
}

export interface StoredAccountLink {
  id: string;
  account: string;
  refreshUrl: string;
  returnUrl: string;
  expiresAt: number;
  /** Set once the page's form was submitted: a link is single-use, as on Stripe. */
  used: boolean;
}

export function newAccountLinkId(): string {
  return newId('link');
}

export function accountLinkJson(link: StoredAccountLink, origin: string, created: number): AccountLinkJson {
  return {
    object: 'account_link',
    created,
    expires_at: link.expiresAt,
    url: `${origin}/connect/onboarding/${link.id}`,
  };
}
