import type { Browser } from 'playwright-core';
import {
  expectText,
  launchChromium,
  listTicket,
  newUserPage,
  purchase,
  screenshots,
  signUp,
  unique,
} from './support/browser';
import { startTestSystem, type TestSystem } from './support/system';

// One system for the file, with a short lock window so that the expiry story takes seconds, not 15 minutes; the
// payment stories finish well within it.
const WINDOW_SECONDS = 20;
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

describe('purchase in a browser', () => {
  test('When a seller lists a ticket and a buyer pays for it, then the order is completed and the ticket sold', async () => {
    const shot = screenshots('buyer pays');
    const title = `Rock Concert ${unique()}`;
    const seller = await newUserPage(browser, system.url);
    await signUp(seller, `seller-${unique()}@example.com`, shot);
    const ticketId = await listTicket(seller, title, '100', shot);
    const buyer = await newUserPage(browser, system.url);
    await signUp(buyer, `buyer-${unique()}@example.com`, shot);

    await purchase(buyer, title, shot);
    await expectText(buyer.getByTestId('countdown'), /You have \d+ seconds? left to order/);
    await buyer.getByLabel('Test card').selectOption('pm_card_visa');
    await buyer.getByTestId('pay-button').click();

    await expectText(buyer.getByTestId('payment-outcome'), /Payment received/);
    await buyer.locator('[data-testid="order-status"][data-status="completed"]').waitFor();
    await shot(buyer, 'paid');
    await buyer.goto(`/tickets/${ticketId}`);
    await buyer.locator('[data-testid="ticket-status"][data-status="sold"]').waitFor();
    await shot(buyer, 'ticket-sold');
    await buyer.goto('/orders');
    await buyer
      .getByTestId('order-row')
      .filter({ hasText: title })
      .locator('[data-testid="order-status"][data-status="completed"]')
      .waitFor();
    await shot(buyer, 'my-orders');
  });

  test('When the seller edits a ticket a buyer has reserved, then the edit is refused with a visible reason', async () => {
    const shot = screenshots('edit refused while reserved');
    const title = `Classical Concert ${unique()}`;
    const seller = await newUserPage(browser, system.url);
    await signUp(seller, `seller-${unique()}@example.com`, shot);
    const ticketId = await listTicket(seller, title, '80', shot);
    const buyer = await newUserPage(browser, system.url);
    await signUp(buyer, `buyer-${unique()}@example.com`, shot);
    await purchase(buyer, title, shot);
    await seller.goto(`/tickets/${ticketId}`);
    await seller.locator('[data-testid="ticket-status"][data-status="reserved"]').waitFor();
    await shot(seller, 'seller-sees-reserved');

    await seller.goto(`/tickets/${ticketId}/edit`);
    await seller.getByLabel('Price (USD)').fill('90');
    await seller.getByTestId('ticket-submit').click();

    await expectText(seller.getByTestId('form-alert'), /reserved/i);
    await shot(seller, 'edit-refused');
  });

  test('When the buyer pays with a declined card, then the decline is shown and the order is cancelled', async () => {
    const shot = screenshots('declined card');
    const title = `Football Game ${unique()}`;
    const seller = await newUserPage(browser, system.url);
    await signUp(seller, `seller-${unique()}@example.com`, shot);
    const ticketId = await listTicket(seller, title, '40', shot);
    const buyer = await newUserPage(browser, system.url);
    await signUp(buyer, `buyer-${unique()}@example.com`, shot);
    await purchase(buyer, title, shot);

    await buyer.getByLabel('Test card').selectOption('pm_card_chargeDeclined');
    await buyer.getByTestId('pay-button').click();

    await expectText(buyer.getByTestId('payment-outcome'), /declined/i);
    await buyer.locator('[data-testid="order-status"][data-status="cancelled"]').waitFor();
    await shot(buyer, 'declined');
    await buyer.goto(`/tickets/${ticketId}`);
    await buyer.locator('[data-testid="ticket-status"][data-status="available"]').waitFor({ timeout: 20_000 });
    await shot(buyer, 'ticket-available-again');
  });

  test('When the buyer does not pay in time, then the order shows cancelled and the ticket is available again', async () => {
    const shot = screenshots('order expires');
    const title = `Basketball Game ${unique()}`;
    const seller = await newUserPage(browser, system.url);
    await signUp(seller, `seller-${unique()}@example.com`, shot);
    const ticketId = await listTicket(seller, title, '20', shot);
    const buyer = await newUserPage(browser, system.url);
    await signUp(buyer, `buyer-${unique()}@example.com`, shot);

    await purchase(buyer, title, shot);

    await buyer
      .locator('[data-testid="order-status"][data-status="cancelled"]')
      .waitFor({ timeout: (WINDOW_SECONDS + 20) * 1000 });
    await shot(buyer, 'expired');
    await buyer.goto(`/tickets/${ticketId}`);
    await buyer.locator('[data-testid="ticket-status"][data-status="available"]').waitFor();
    await buyer.getByTestId('purchase-button').waitFor();
    await shot(buyer, 'ticket-available-again');
  });
});
