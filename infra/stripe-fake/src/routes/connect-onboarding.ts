// The fake's hosted Connect onboarding page: the stand-in for Stripe's Express onboarding, where an account link's
// URL leads. Like Stripe's hosted pages it is outside /v1 and takes no API key: the unguessable link id is the
// credential. One button completes onboarding (Stripe test mode's own flow also accepts test data throughout).
//   GET  /connect/onboarding/:linkId   the page; an expired or used link redirects to its refresh_url
//   POST /connect/onboarding/:linkId   completes onboarding, sends account.updated, 303 to return_url
import type { RequestHandler, Response } from 'express';
import { escapeHtml, htmlPage } from '../http/html-page';
import { completeOnboarding } from '../objects/account';
import type { StoredAccountLink } from '../objects/account-link';
import { NO_REQUEST } from '../objects/event';
import type { StripeState } from '../state';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function notFound(res: Response): void {
  res
    .status(404)
    .type('html')
    .send(htmlPage('Not found', '<h1>Not found</h1><p>This onboarding link does not exist.</p>'));
}

/** The link the URL names, or undefined (404). */
function linkFor(state: StripeState, id: unknown): StoredAccountLink | undefined {
  return typeof id === 'string' ? state.accountLinks.get(id) : undefined;
}

// Stripe sends the user to refresh_url for a link that expired or was already visited: the platform makes a new one.
const spent = (link: StoredAccountLink): boolean => link.used || nowSeconds() >= link.expiresAt;

export function onboardingPage(state: StripeState): RequestHandler {
  return (req, res) => {
    const link = linkFor(state, req.params['linkId']);
    if (link === undefined) return notFound(res);
    if (spent(link)) return res.redirect(303, link.refreshUrl);
    const account = state.accounts.get(link.account);
    const email = account?.email == null ? '' : ` for ${escapeHtml(account.email)}`;
    res
      .type('html')
      .send(
        htmlPage(
          'Set up payouts (test mode)',
          `<h1>Set up payouts</h1><p>Test-mode onboarding of account ${escapeHtml(link.account)}${email}. ` +
            `Completing it accepts Stripe's test data for every requirement.</p>` +
            `<form method="post" action="/connect/onboarding/${escapeHtml(link.id)}">` +
            `<button type="submit">Complete onboarding</button></form>`,
        ),
      );
  };
}

export function completeOnboardingRoute(state: StripeState): RequestHandler {
  return (req, res) => {
    const link = linkFor(state, req.params['linkId']);
    if (link === undefined) return notFound(res);
    if (spent(link)) return res.redirect(303, link.refreshUrl);
    const account = state.accounts.get(link.account);
    if (account === undefined) return notFound(res);
    link.used = true;
    // Stripe sends account.updated when the account changed; a second onboarding of a complete account changes nothing.
    if (!account.details_submitted) {
      // What onboarding changes, as it was: the event's previous_attributes (charges only with card_payments).
      const before = {
        capabilities: { ...account.capabilities },
        ...(account.capabilities.card_payments !== undefined && { charges_enabled: account.charges_enabled }),
        details_submitted: account.details_submitted,
        payouts_enabled: account.payouts_enabled,
        requirements: account.requirements,
      };
      completeOnboarding(account);
      state.publish(
        {
          type: 'account.updated',
          object: account,
          account: account.id,
          request: NO_REQUEST,
          previousAttributes: before,
        },
        nowSeconds(),
      );
    }
    res.redirect(303, link.returnUrl);
  };
}
