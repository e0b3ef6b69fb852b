import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Debian's chromium, with the flags this machine needs (no background networking: its connections are refused here). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // The door page's camera (getUserMedia): Chromium's own moving test picture, allowed without asking.
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ],
  });
}

const SCREENSHOTS = join(__dirname, '../../screenshots');

/**
 * Saves a full-page screenshot of every page a test visits, as `e2e/screenshots/<test>/<nn>-<step>.png`
 * (gitignored), so a person can look at what the browser saw.
 */
export function screenshots(testName: string): (page: Page, step: string) => Promise<void> {
  let n = 0;
  const dir = join(SCREENSHOTS, testName.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
  return async (page, step) => {
    await mkdir(dir, { recursive: true });
    n++;
    await page.screenshot({ path: join(dir, `${String(n).padStart(2, '0')}-${step}.png`), fullPage: true });
  };
}

/** A short random suffix, so that each test's users and tickets are its own. */
export const unique = (): string => Math.random().toString(36).slice(2, 8);

/** The two widths every page is checked at: a phone's (390 px) and a laptop's. */
export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1280, height: 800 };

/** A fresh browser context (its own cookies) and page: one per user in a test. */
export async function newUserPage(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number } = { width: 1100, height: 800 },
): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  // E2E_VERBOSE=1 shows what the page logged and threw, with the test output.
  if (process.env.E2E_VERBOSE) {
    page.on('console', (message) =>
      process.stdout.write(`[browser ${message.type()}] ${page.url()}: ${message.text()}\n`),
    );
    page.on('pageerror', (error) => process.stdout.write(`[browser error] ${error.message}\n`));
    page.on(
      'response',
      (res) => res.status() >= 400 && process.stdout.write(`[browser ${res.status()}] ${res.url()}\n`),
    );
  }
  return page;
}

export const PASSWORD = 'correct horse battery';

/** Signs up through the UI and waits for the header to show the signed-in user. */
export async function signUp(page: Page, email: string, shot: (p: Page, s: string) => Promise<void>): Promise<void> {
  await page.goto('/auth/signup');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await shot(page, 'signup-filled');
  await page.getByTestId('signup-submit').click();
  await page.getByTestId('nav-signout').waitFor();
  await shot(page, 'signed-up');
}

/** Signs in through the UI (a user made by {@link signUp}) and waits for the signed-in header. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/auth/signin');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('nav-signout').waitFor();
}

/** Lists a ticket without an event through the UI (an "other listing"); returns its id (from the ticket page's URL). */
export async function listTicket(
  page: Page,
  title: string,
  price: string,
  shot: (p: Page, s: string) => Promise<void>,
): Promise<string> {
  await page.goto('/tickets/new?event=none');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Price (USD)').fill(price);
  await shot(page, 'new-ticket-filled');
  await page.getByTestId('ticket-submit').click();
  await page.waitForURL(/\/tickets\/[0-9a-f]{24}$/);
  await shot(page, 'ticket-listed');
  const id = /\/tickets\/([0-9a-f]{24})$/.exec(page.url())?.[1];
  if (!id) throw new Error(`no ticket id in ${page.url()}`);
  return id;
}

/** From the list of all tickets for sale, opens the ticket and purchases it; returns the order id. */
export async function purchase(
  page: Page,
  title: string,
  shot: (p: Page, s: string) => Promise<void>,
): Promise<string> {
  await page.goto('/tickets');
  await shot(page, 'tickets-for-sale');
  await page.getByTestId('ticket-row').filter({ hasText: title }).getByTestId('ticket-link').click();
  await page.getByTestId('purchase-button').waitFor();
  await shot(page, 'ticket-page');
  await page.getByTestId('purchase-button').click();
  await page.waitForURL(/\/orders\/[0-9a-f]{24}$/);
  await page.getByTestId('countdown').waitFor();
  await shot(page, 'order-page');
  const id = /\/orders\/([0-9a-f]{24})$/.exec(page.url())?.[1];
  if (!id) throw new Error(`no order id in ${page.url()}`);
  return id;
}

/** Waits until the locator's text matches (Playwright's own expect is not used with jest here). */
export async function expectText(locator: Locator, pattern: RegExp, timeoutMs = 20_000): Promise<void> {
  await locator.first().waitFor({ timeout: timeoutMs });
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.first().innerText()).trim();
    if (pattern.test(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected text matching ${pattern}, got ${JSON.stringify(text)}`);
}
