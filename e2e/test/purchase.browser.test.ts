import { eventually } from '@ticketing/testing';
import type { Browser } from 'playwright-core';
import { ApiUser } from './support/api';
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
import { checkPage, watchedPage } from './support/page-checks';
import { startTestSystem, type TestSystem } from './support/system';

// One system for the file, with a short lock window so that the expiry story takes seconds, not 15 minutes; the
// payment stories finish well within it. Events may start a second ahead and sellers are paid a second after their
// event, with the payout job every second, so that the seller's story (DESIGN §12) sees its event pass and its payout
// made within the test.
const WINDOW_SECONDS = 20;
const PAYOUT_DELAY_SECONDS = 1;
/** How far ahead the seller's event starts: time to list, set up payouts and be paid for, before it starts. */
const EVENT_LEAD_MS = 20_000;
let system: TestSystem;
let browser: Browser;

beforeAll(async () => {
  system = await startTestSystem({
    expirationWindowSeconds: WINDOW_SECONDS,
    eventsMinLeadSeconds: 1,
    payoutDelaySeconds: PAYOUT_DELAY_SECONDS,
    env: { PAYOUTS_INTERVAL_SECONDS: '1' },
  });
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

describe('seller payouts in a browser', () => {
  test('When a seller lists a ticket, sets up payouts on the onboarding page, and a buyer pays, then once the event has passed the seller sees the payout paid, less the fee', async () => {
    const shot = screenshots('seller payouts');
    const organiser = await ApiUser.signedUp(system.url);
    const startsAt = new Date(Date.now() + EVENT_LEAD_MS);
    const event = await organiser.call<{ id: string }>('POST', '/api/events', {
      title: `Late Show ${unique()}`,
      venue: 'The Roundhouse',
      city: 'London',
      category: 'concert',
      startsAt: startsAt.toISOString(),
    });
    expect(event.status).toBe(201);
    // On the site's own address (localhost, as npm start prints it): Stripe's onboarding returns the seller there,
    // and their session cookie is that host's.
    const { page: seller, errors } = await watchedPage(browser, system.system.url, { width: 1100, height: 800 });
    await signUp(seller, `seller-${unique()}@example.com`, shot);

    await seller.goto(`/tickets/new?eventId=${event.body.id}`);
    await seller.getByLabel('Seat', { exact: true }).fill('Stalls, row B');
    await seller.getByLabel('Price (USD)').fill('40');
    await seller.getByTestId('ticket-submit').click();
    await seller.waitForURL(/\/tickets\/[0-9a-f]{24}$/);
    const ticketId = /\/tickets\/([0-9a-f]{24})$/.exec(seller.url())?.[1] ?? '';
    await seller.getByTestId('nav-payouts').click();
    await seller.locator('[data-testid="payout-account"][data-status="none"]').waitFor();
    await seller.getByTestId('payouts-empty').waitFor();
    await checkPage(seller, errors, 'payouts-none', shot);
    await seller.getByRole('button', { name: 'Set up payouts' }).click();
    // The Stripe fake's hosted onboarding page (Stripe's own with a real account). Its link expires, as Stripe's do
    // after a few minutes: Stripe sends the seller to /payouts/refresh, which leaves at once for a fresh link.
    await seller.waitForURL(/\/connect\/onboarding\/\w+$/);
    const firstLink = new URL(seller.url()).pathname.split('/').pop() ?? '';
    expect(
      (await fetch(`${system.stripeApiUrl}/_fake/account_links/${firstLink}/expire`, { method: 'POST' })).status,
    ).toBe(200);
    await seller.reload();
    await seller.waitForURL(
      (url) => url.pathname.startsWith('/connect/onboarding/') && !url.pathname.endsWith(firstLink),
    );
    await shot(seller, 'onboarding-fresh-link');
    // Completed, it comes back to /payouts.
    await seller.getByRole('button', { name: 'Complete onboarding' }).click();
    await seller.waitForURL(/\/payouts$/);
    await seller.locator('[data-testid="payout-account"][data-status="enabled"]').waitFor();
    await shot(seller, 'payouts-enabled');

    const buyer = await ApiUser.signedUp(system.url);
    const order = await eventually(async () => {
      const res = await buyer.call<{ id: string }>('POST', '/api/orders', { ticketId });
      return res.status === 201 ? res.body : undefined;
    }, 'order placed');
    const paid = await eventually(async () => {
      const res = await buyer.call<{ status: string }>('POST', '/api/payments', {
        orderId: order.id,
        paymentMethod: 'pm_card_visa',
      });
      return res.status === 201 ? res.body : undefined; // 404 until payments' replica has the order
    }, 'payment accepted');
    expect(paid.status).toBe('completed');
    // Before the event: scheduled for after it.
    const row = seller.locator(`[data-testid="payout-row"][data-order-id="${order.id}"]`);
    await eventually(
      async () => {
        await seller.reload();
        return (await row.count()) > 0 ? true : undefined;
      },
      'the sale listed on /payouts',
      { intervalMs: 250 },
    );
    const stateBefore = await row.getByTestId('payout-state').getAttribute('data-status');
    const seenBeforeStart = Date.now() < startsAt.getTime();
    // Read before the event started, it can only be scheduled (a very slow run may read it later, paid already).
    expect({ seenBeforeStart, stateBefore }).toEqual({
      seenBeforeStart,
      stateBefore: seenBeforeStart ? 'payout-scheduled' : stateBefore,
    });
    await shot(seller, 'payout-scheduled');

    // The event takes place; PAYOUT_DELAY_SECONDS later the payout job transfers the seller's share.
    await eventually(
      async () => {
        await seller.reload();
        return (await row.getByTestId('payout-state').getAttribute('data-status')) === 'payout-paid' ? true : undefined;
      },
      'the payout paid',
      { timeoutMs: EVENT_LEAD_MS + 30_000, intervalMs: 1_000 },
    );
    await expectText(row.getByTestId('payout-gross'), /^\$40$/);
    await expectText(row.getByTestId('payout-fee'), /^\$4$/);
    await expectText(row.getByTestId('payout-amount'), /^\$36$/);
    const paidAt = await row.getByTestId('payout-paid-at').getAttribute('datetime');
    expect(new Date(paidAt ?? '').getTime()).toBeGreaterThanOrEqual(startsAt.getTime() + PAYOUT_DELAY_SECONDS * 1_000);
    await expectText(seller.getByTestId('payout-total-paid'), /^\$36$/);
    await checkPage(seller, errors, 'payout-paid', shot);
    await seller.context().close();
    // npm start's wiring (DESIGN §12): the fake sent both kinds of event through the gateway to payments' two
    // endpoints, signed with the secrets payments checks: none was refused as badly signed (a 400).
    const log = (await (await fetch(`${system.stripeApiUrl}/_fake/webhooks`)).json()) as {
      deliveries: Array<{ type: string; endpoint: string; status: number | null; outcome: string }>;
    };
    const delivered = (type: string, endpoint: string) =>
      log.deliveries.some((d) => d.type === type && d.endpoint === endpoint && d.outcome === 'delivered');
    expect({
      account: delivered('account.updated', 'connect'),
      payment: delivered('payment_intent.succeeded', 'platform'),
      refused: log.deliveries.filter((d) => d.status === 400),
    }).toEqual({ account: true, payment: true, refused: [] });
  });
});
