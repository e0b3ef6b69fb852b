// Every page at a phone's width (390 px) and a laptop's (1280 px): a screenshot of each in e2e/screenshots/, axe-core
// with no WCAG 2.1 A/AA violation, a header whose items never overlap nor leave the screen, no sideways scrolling,
// and no error thrown in the page (a hydration mismatch included).
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './support/a11y';
import {
  LAPTOP,
  launchChromium,
  listTicket,
  newUserPage,
  PHONE,
  purchase,
  screenshots,
  signUp,
  unique,
} from './support/browser';
import { startTestSystem, type TestSystem } from './support/system';

const PASSWORD = 'correct horse battery';
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

/** A page that records what the browser threw or logged as an error, so that a test can say there was none. */
async function watchedPage(viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const page = await newUserPage(browser, system.url, viewport);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(message.text());
  });
  return { page, errors };
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/auth/signin');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('nav-signout').waitFor();
}

/**
 * The header's items (the brand, each link, the e-mail) must not overlap each other and must lie within the
 * viewport, and the page must not scroll sideways: what went wrong at 390 px before.
 */
async function expectHeaderFits(page: Page, what: string): Promise<void> {
  const problems = (await page.evaluate(`(() => {
    const items = [...document.querySelectorAll('header .brand, header .nav-links > li')];
    const boxes = items.map((el) => ({ text: el.textContent.trim(), box: el.getBoundingClientRect() }));
    const problems = [];
    for (let i = 0; i < boxes.length; i++) {
      const a = boxes[i].box;
      if (a.left < 0 || a.right > window.innerWidth + 0.5) problems.push(boxes[i].text + ' leaves the screen');
      for (let j = i + 1; j < boxes.length; j++) {
        const b = boxes[j].box;
        const overlap = a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
        if (overlap) problems.push(boxes[i].text + ' overlaps ' + boxes[j].text);
      }
    }
    if (document.documentElement.scrollWidth > window.innerWidth) {
      problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + window.innerWidth);
    }
    return problems;
  })()`)) as string[];
  if (problems.length > 0) throw new Error(`${what}: ${problems.join('; ')}`);
}

/** The checks every page gets, and its screenshot. */
async function check(page: Page, errors: string[], step: string, shot: (p: Page, s: string) => Promise<void>) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await shot(page, step);
  await expectHeaderFits(page, step);
  await expectAccessible(page, step);
  expect({ step, errors }).toEqual({ step, errors: [] });
}

describe.each([
  ['phone', PHONE],
  ['laptop', LAPTOP],
] as const)('every page at %s width', (name, viewport) => {
  test(`When a visitor who is not signed in opens each page, then it fits, is accessible and throws nothing (${name})`, async () => {
    const shot = screenshots(`pages ${name} visitor`);
    const { page, errors } = await watchedPage(viewport);

    const home = await page.goto('/');
    await page.getByTestId('tickets-table').waitFor();
    await check(page, errors, 'tickets', shot);
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
    const { page, errors } = await watchedPage(viewport);
    await signIn(page, data.seller);

    await page.goto('/');
    await page.getByTestId('tickets-table').waitFor();
    await check(page, errors, 'tickets-signed-in', shot);
    await page.goto('/tickets/new');
    await check(page, errors, 'sell', shot);
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
    await page.context().close();
  });

  test(`When the buyer opens their pages, then they fit, are accessible and throw nothing (${name})`, async () => {
    const shot = screenshots(`pages ${name} buyer`);
    const { page, errors } = await watchedPage(viewport);
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
