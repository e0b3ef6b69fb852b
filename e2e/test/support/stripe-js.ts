import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** Where @stripe/stripe-js loads Stripe.js from (any release train: `/v3`, `/endive/stripe.js`...). */
const STRIPE_JS = /^https:\/\/js\.stripe\.com\//;

/**
 * Serves the Stripe.js stand-in (stripe-js-stand-in.js) to every page of the context in place of Stripe.js, at that
 * boundary only: the client's bundle, @stripe/stripe-js and @stripe/react-stripe-js run unchanged, and the stand-in
 * talks to the Stripe fake at `stripeApiUrl` as Stripe.js talks to api.stripe.com. Any other request to a Stripe
 * host is refused, as the machine's network would.
 */
export async function serveStripeJsStandIn(context: BrowserContext, stripeApiUrl: string): Promise<void> {
  const source = readFileSync(join(__dirname, 'stripe-js-stand-in.js'), 'utf8').replaceAll(
    '__STRIPE_API__',
    stripeApiUrl,
  );
  // Playwright tries the routes last registered first: the catch-all goes first, Stripe.js's own route after it.
  await context.route(/^https:\/\/([a-z0-9-]+\.)*stripe\.(com|network)\//, (route) => route.abort());
  await context.route(STRIPE_JS, (route) =>
    route.fulfill({ status: 200, contentType: 'application/javascript', body: source }),
  );
}
