// Every page at a phone's width (390 px) and a laptop's (1280 px): a screenshot of each in e2e/screenshots/, axe-core
// with no WCAG 2.1 A/AA violation, a header whose items never overlap nor leave the screen, no sideways scrolling,
// and no error thrown in the page (a hydration mismatch included).
import type { Browser } from 'playwright-core';
import {
  LAPTOP,
  launchChromium,
  listTicket,
  newUserPage,
  PHONE,
  purchase,
  screenshots,
  signIn,
  signUp,
  unique,
} from './support/browser';
import { checkPage as check, watchedPage as watched } from './support/page-checks';
import { startTestSystem, type TestSystem } from './support/system';

let system: TestSystem;
let browser: Browser;
/** Made once at the start: a seller with two tickets (one reserved by the buyer's order), and that buyer. */
let data: { seller: string; buyer: string; ticketId: string; reservedId: string; orderId: string };

beforeAll(async () => {
  system = await startTestSystem({ expirationWindowSeconds: 600 });
  browser = await launchChromium();
  const none = async () => undefined;
  const seller = `seller-${unique()}@example.com`;
  const buyer = `buyer-${unique()}@example.com`;
  const sellerPage = await newUserPage(browser, system.url);
  await signUp(sellerPage, seller, none);
  const ticketId = await listTicket(sellerPage, `Classical Concert ${unique()}`, '100', none);
  const reservedTitle = `Rock Concert ${unique()}`;
  const reservedId = await listTicket(sellerPage, reservedTitle, '80', none);
  const buyerPage = await newUserPage(browser, system.url);
  await signUp(buyerPage, buyer, none);
  const orderId = await purchase(buyerPage, reservedTitle, none);
  await sellerPage.context().close();
  await buyerPage.context().close();
  data = { seller, buyer, ticketId, reservedId, orderId };
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

describe.each([
  ['phone', PHONE],
  ['laptop', LAPTOP],
] as const)('every page at %s width', (name, viewport) => {
  test(`When a visitor who is not signed in opens each page, then it fits, is accessible and throws nothing (${name})`, async () => {
    const shot = screenshots(`pages ${name} visitor`);
    const { page, errors } = await watched(browser, system.url, viewport);

    const home = await page.goto('/');
    await page.getByTestId('events-list').waitFor();
    await check(page, errors, 'events', shot);
    // DESIGN §10: scripts only by nonce (and the page hydrated above, so Next's scripts carry it), no framing.
    const csp = home?.headers()['content-security-policy'] ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(home?.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(
      await page
        .locator('script[src]')
        .first()
        .evaluate((el) => (el as unknown as { nonce: string }).nonce),
    ).toBe(nonce);
    await page.goto('/tickets');
    await page.getByTestId('tickets-table').waitFor();
    await check(page, errors, 'all-listings', shot);
    await page.goto(`/tickets/${data.ticketId}`);
    await page.getByTestId('signin-to-purchase').waitFor();
    await check(page, errors, 'ticket', shot);
    await page.goto('/auth/signup');
    await check(page, errors, 'signup', shot);
    await page.getByTestId('signup-submit').click();
    await page.getByTestId('field-error-email').waitFor();
    expect(await page.getByTestId('field-error-email').getAttribute('role')).toBe('alert');
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');
    await check(page, errors, 'signup-errors', shot);
    await page.goto('/auth/signin');
    await check(page, errors, 'signin', shot);
    await page.goto('/orders');
    await page.getByTestId('signin-required').waitFor();
    await check(page, errors, 'orders-signed-out', shot);
    await page.goto('/no-such-page');
    await page.getByTestId('not-found').waitFor();
    await check(page, errors, 'not-found', shot);
    await page.context().close();
  });

  test(`When the seller opens their pages, then they fit, are accessible and throw nothing (${name})`, async () => {
    const shot = screenshots(`pages ${name} seller`);
    const { page, errors } = await watched(browser, system.url, viewport);
    await signIn(page, data.seller);

    await page.goto('/tickets');
    await page.getByTestId('tickets-table').waitFor();
    await check(page, errors, 'all-listings-signed-in', shot);
    await page.goto('/tickets/new?event=none');
    await check(page, errors, 'sell-without-event', shot);
    await page.goto(`/tickets/${data.ticketId}`);
    await page.getByTestId('edit-link').waitFor();
    await check(page, errors, 'own-ticket', shot);
    await page.goto(`/tickets/${data.ticketId}/edit`);
    await check(page, errors, 'edit', shot);
    await page.goto('/tickets/mine');
    const free = page.locator(`[data-testid="listing-row"][data-ticket-id="${data.ticketId}"]`);
    const reserved = page.locator(`[data-testid="listing-row"][data-ticket-id="${data.reservedId}"]`);
    await free.getByTestId('edit-link').waitFor();
    await reserved.locator('[data-testid="ticket-status"][data-status="reserved"]').waitFor();
    expect(await reserved.getByTestId('edit-link').count()).toBe(0);
    await check(page, errors, 'my-listings', shot);
    await page.getByTestId('nav-payouts').click();
    await page.locator('[data-testid="payout-account"][data-status="none"]').waitFor();
    await check(page, errors, 'payouts', shot);
    await page.context().close();
  });

  test(`When the buyer opens their pages, then they fit, are accessible and throw nothing (${name})`, async () => {
    const shot = screenshots(`pages ${name} buyer`);
    const { page, errors } = await watched(browser, system.url, viewport);
    await signIn(page, data.buyer);

    await page.goto(`/tickets/${data.ticketId}`);
    await page.getByTestId('purchase-button').waitFor();
    await check(page, errors, 'ticket-to-buy', shot);
    await page.goto(`/orders/${data.orderId}`);
    await page.getByTestId('pay-form').waitFor();
    await check(page, errors, 'purchase', shot);
    await page.goto('/orders');
    await page.getByTestId('orders-table').waitFor();
    await check(page, errors, 'my-orders', shot);
    await page.goto('/tickets/mine');
    await page.getByTestId('listings-empty').waitFor();
    await check(page, errors, 'my-listings-empty', shot);
    await page.context().close();
  });
});
