// Live status (GET /api/tickets/live, /api/orders/live through the gateway): pages change without a reload when a
// ticket is reserved, released or sold. A short lock window makes the expiry story take seconds.
import type { Browser, Page } from 'playwright-core';
import { launchChromium, listTicket, newUserPage, purchase, screenshots, signUp, unique } from './support/browser';
import { startTestSystem, type TestSystem } from './support/system';

const WINDOW_SECONDS = 8;
let system: TestSystem;
let browser: Browser;

beforeAll(async () => {
  system = await startTestSystem({ expirationWindowSeconds: WINDOW_SECONDS });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

/** Counts full page loads, so that a test can say the page changed without one. */
async function countLoads(page: Page): Promise<() => number> {
  let loads = 0;
  page.on('load', () => loads++);
  return () => loads;
}

const status = (page: Page, value: string) => page.locator(`[data-testid="ticket-status"][data-status="${value}"]`);

describe('live status in the browser', () => {
  test('When one buyer orders a ticket, then another browser shows it Reserved within 2 s, and Available again when the order expires, without reloading', async () => {
    const shot = screenshots('live status');
    const title = `Live Concert ${unique()}`;
    const seller = await newUserPage(browser, system.url);
    await signUp(seller, `seller-${unique()}@example.com`, shot);
    const ticketId = await listTicket(seller, title, '30', shot);
    const watcher = await newUserPage(browser, system.url);
    await watcher.goto(`/tickets/${ticketId}`);
    await status(watcher, 'available').waitFor();
    const listTab = await watcher.context().newPage();
    await listTab.goto('/tickets');
    await listTab.getByTestId('ticket-row').filter({ hasText: title }).getByTestId('ticket-status').waitFor();
    const watcherLoads = await countLoads(watcher);
    const listLoads = await countLoads(listTab);
    const buyer = await newUserPage(browser, system.url);
    await signUp(buyer, `buyer-${unique()}@example.com`, shot);

    await purchase(buyer, title, shot);
    const ordered = Date.now();

    await status(watcher, 'reserved').waitFor({ timeout: 2_000 });
    await listTab
      .getByTestId('ticket-row')
      .filter({ hasText: title })
      .locator('[data-testid="ticket-status"][data-status="reserved"]')
      .waitFor({ timeout: Math.max(1, 2_000 - (Date.now() - ordered)) });
    expect(Date.now() - ordered).toBeLessThan(2_000);
    await watcher.getByTestId('ticket-unavailable').waitFor();
    await shot(watcher, 'watcher-sees-reserved');

    await status(watcher, 'available').waitFor({ timeout: (WINDOW_SECONDS + 10) * 1000 });
    await watcher.getByTestId('signin-to-purchase').waitFor();
    await listTab
      .getByTestId('ticket-row')
      .filter({ hasText: title })
      .locator('[data-testid="ticket-status"][data-status="available"]')
      .waitFor();
    await buyer.locator('[data-testid="order-status"][data-status="cancelled"]').waitFor();
    await shot(watcher, 'watcher-sees-available');
    await shot(listTab, 'list-sees-available');
    expect(watcherLoads()).toBe(0);
    expect(listLoads()).toBe(0);
  });

  test('When the seller watches My listings, then a reservation locks the Edit link and a sale shows Sold, without reloading', async () => {
    const shot = screenshots('live listings');
    const title = `Listed Game ${unique()}`;
    const seller = await newUserPage(browser, system.url);
    await signUp(seller, `seller-${unique()}@example.com`, shot);
    const ticketId = await listTicket(seller, title, '45', shot);
    await seller.goto('/tickets/mine');
    const row = seller.locator(`[data-testid="listing-row"][data-ticket-id="${ticketId}"]`);
    await row.getByTestId('edit-link').waitFor();
    const loads = await countLoads(seller);
    const buyer = await newUserPage(browser, system.url);
    await signUp(buyer, `buyer-${unique()}@example.com`, shot);

    await purchase(buyer, title, shot);
    await row.locator('[data-testid="ticket-status"][data-status="reserved"]').waitFor({ timeout: 2_000 });
    await row.getByTestId('listing-locked').waitFor();
    await buyer.getByLabel('Test card').selectOption('pm_card_visa');
    await buyer.getByTestId('pay-button').click();

    await row.locator('[data-testid="ticket-status"][data-status="sold"]').waitFor();
    expect(await row.getByTestId('edit-link').count()).toBe(0);
    await shot(seller, 'listings-sold');
    expect(loads()).toBe(0);
  });
});
