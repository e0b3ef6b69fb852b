// The production Pay form (DESIGN §7): the client runs without STRIPE_TEST_CARDS, with a publishable key, so it shows
// Stripe's Payment Element. Stripe.js cannot be loaded here: the browser gets a stand-in for it at that boundary
// (support/stripe-js-stand-in.js), which talks to the system's Stripe fake as Stripe.js talks to Stripe.
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './support/a11y';
import {
  expectText,
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
import { serveStripeJsStandIn } from './support/stripe-js';
import { startTestSystem, type TestSystem } from './support/system';

const PUBLISHABLE_KEY = 'pk_test_51TicketingBrowserTests';
let system: TestSystem;
let browser: Browser;

beforeAll(async () => {
  system = await startTestSystem({
    expirationWindowSeconds: 120,
    clientPayments: { testCards: false, publishableKey: PUBLISHABLE_KEY },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

/** A seller's ticket and a buyer, signed in, on its purchasing page, with the stand-in for Stripe.js served. */
async function buyerOnPayPage(title: string, shot: (p: Page, s: string) => Promise<void>, viewport = LAPTOP) {
  const seller = await newUserPage(browser, system.url);
  await signUp(seller, `seller-${unique()}@example.com`, shot);
  const ticketId = await listTicket(seller, title, '25', shot);
  const buyer = await newUserPage(browser, system.url, viewport);
  await serveStripeJsStandIn(buyer.context(), system.stripeApiUrl);
  await signUp(buyer, `buyer-${unique()}@example.com`, shot);
  const orderId = await purchase(buyer, title, shot);
  await buyer.getByTestId('stripe-stand-in-payment-element').waitFor();
  await expectEnabled(buyer);
  return { buyer, ticketId, orderId };
}

/** The Pay button is enabled once the Payment Element said it is ready. */
async function expectEnabled(page: Page): Promise<void> {
  const button = page.getByTestId('pay-button');
  const deadline = Date.now() + 20_000;
  while (!(await button.isEnabled())) {
    if (Date.now() > deadline) throw new Error('the Pay button stayed disabled: the Payment Element never got ready');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function enterCard(page: Page, number: string): Promise<void> {
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiration date (MM / YY)').fill('12 / 34');
  await page.getByLabel('Security code').fill('123');
}

/** The charges of the order, read through the API as the buyer. */
async function chargesOf(page: Page, orderId: string): Promise<Array<{ status: string }>> {
  const res = await page.request.get(`/api/payments?orderId=${orderId}`);
  return (await res.json()) as Array<{ status: string }>;
}

describe('paying with the Payment Element', () => {
  test('When a production client shows the Pay form, then it is the Payment Element, never the test-card list, at both widths, and accessible', async () => {
    for (const [name, viewport] of [
      ['phone', PHONE],
      ['laptop', LAPTOP],
    ] as const) {
      const shot = screenshots(`payment element ${name}`);
      const { buyer } = await buyerOnPayPage(`Rock Concert ${unique()}`, shot, viewport);

      await shot(buyer, 'pay-form');

      expect(await buyer.getByTestId('card-select').count()).toBe(0);
      expect(await buyer.getByText('pm_card_visa').count()).toBe(0);
      expect(await buyer.getByText('Test card').count()).toBe(0);
      expect(await buyer.getByRole('group', { name: 'Card details' }).count()).toBe(1);
      const calls = (await buyer.evaluate('window.__stripeStandIn.calls')) as unknown[];
      expect(calls).toEqual(
        expect.arrayContaining([
          { method: 'Stripe', key: PUBLISHABLE_KEY },
          expect.objectContaining({
            method: 'stripe.elements',
            options: expect.objectContaining({
              mode: 'payment',
              amount: 2500,
              currency: 'usd',
              paymentMethodCreation: 'manual',
            }),
          }),
        ]),
      );
      await expectAccessible(buyer, 'the Pay page with the Payment Element');
      await buyer.context().close();
    }
  });

  test('When the buyer pays with a good card, then the order is completed and the ticket sold', async () => {
    const shot = screenshots('payment element success');
    const { buyer, ticketId, orderId } = await buyerOnPayPage(`Basketball Game ${unique()}`, shot);

    await enterCard(buyer, '4242 4242 4242 4242');
    await buyer.getByTestId('pay-button').click();

    await expectText(buyer.getByTestId('payment-outcome'), /Payment received/);
    await buyer.locator('[data-testid="order-status"][data-status="completed"]').waitFor();
    await shot(buyer, 'paid');
    expect(await chargesOf(buyer, orderId)).toEqual([expect.objectContaining({ status: 'completed' })]);
    await buyer.goto(`/tickets/${ticketId}`);
    await buyer.locator('[data-testid="ticket-status"][data-status="sold"]').waitFor();
  });

  test('When the card is declined, then the buyer reads why in plain words and the order is cancelled', async () => {
    const shot = screenshots('payment element declined');
    const { buyer } = await buyerOnPayPage(`Football Game ${unique()}`, shot);

    await enterCard(buyer, '4000 0000 0000 0002');
    await buyer.getByTestId('pay-button').click();

    await expectText(
      buyer.getByTestId('payment-outcome'),
      /Your card was declined\.[\s\S]*The order has been cancelled/,
    );
    expect(await buyer.getByTestId('payment-outcome').getAttribute('role')).toBe('alert');
    await buyer.locator('[data-testid="order-status"][data-status="cancelled"]').waitFor();
    await shot(buyer, 'declined');
    await expectAccessible(buyer, 'the Pay page after a decline');
  });

  test('When the card number is incomplete, then Stripe’s message is announced and nothing is sent to payments', async () => {
    const shot = screenshots('payment element incomplete');
    const { buyer, orderId } = await buyerOnPayPage(`Opera ${unique()}`, shot);
    const payments: string[] = [];
    buyer.on(
      'request',
      (req) => req.url().includes('/api/payments') && req.method() === 'POST' && payments.push(req.url()),
    );

    await buyer.getByLabel('Card number').fill('4242 4242');
    await buyer.getByTestId('pay-button').click();

    await expectText(buyer.getByTestId('card-error'), /Your card number is incomplete\./);
    expect(await buyer.getByTestId('card-error').getAttribute('role')).toBe('alert');
    expect(payments).toEqual([]);
    expect(await chargesOf(buyer, orderId)).toEqual([]);
    await shot(buyer, 'incomplete');
  });

  test('When the card needs 3-D Secure and the buyer completes it, then the challenge is shown and the payment completes', async () => {
    const shot = screenshots('payment element 3ds');
    const { buyer, orderId } = await buyerOnPayPage(`Jazz Night ${unique()}`, shot);

    await enterCard(buyer, '4000 0025 0000 3155');
    await buyer.getByTestId('pay-button').click();
    const challenge = buyer.frameLocator('[data-testid="stripe-challenge"] iframe');
    await challenge.getByRole('button', { name: 'Complete authentication' }).waitFor();
    await shot(buyer, 'challenge');
    await expectAccessible(buyer, 'the 3-D Secure challenge');
    await challenge.getByRole('button', { name: 'Complete authentication' }).click();

    await expectText(buyer.getByTestId('payment-outcome'), /Payment received/);
    await buyer.locator('[data-testid="order-status"][data-status="completed"]').waitFor();
    await shot(buyer, 'paid-after-challenge');
    expect(await chargesOf(buyer, orderId)).toEqual([expect.objectContaining({ status: 'completed' })]);
  });

  test('When the buyer fails 3-D Secure, then nothing is charged, they are told so, and the order is cancelled', async () => {
    const shot = screenshots('payment element 3ds failed');
    const { buyer, orderId } = await buyerOnPayPage(`Ballet ${unique()}`, shot);

    await enterCard(buyer, '4000 0000 0000 3220');
    await buyer.getByTestId('pay-button').click();
    await buyer
      .frameLocator('[data-testid="stripe-challenge"] iframe')
      .getByRole('button', { name: 'Fail authentication' })
      .click();

    await expectText(
      buyer.getByTestId('payment-outcome'),
      /Your bank did not confirm this payment, so nothing was charged/,
    );
    await buyer.locator('[data-testid="order-status"][data-status="cancelled"]').waitFor();
    await shot(buyer, 'challenge-failed');
    expect(await chargesOf(buyer, orderId)).toEqual([expect.objectContaining({ status: 'failed' })]);
  });

  test('When the buyer double-clicks Pay, then one payment request is sent and one charge is made', async () => {
    const shot = screenshots('payment element double click');
    const { buyer, orderId } = await buyerOnPayPage(`Comedy Show ${unique()}`, shot);
    const payments: string[] = [];
    buyer.on('request', (req) => {
      if (req.method() === 'POST' && new URL(req.url()).pathname === '/api/payments') payments.push(req.url());
    });

    await enterCard(buyer, '4242 4242 4242 4242');
    await buyer.getByTestId('pay-button').dblclick();

    await expectText(buyer.getByTestId('payment-outcome'), /Payment received/);
    expect(payments).toHaveLength(1);
    expect(await chargesOf(buyer, orderId)).toEqual([expect.objectContaining({ status: 'completed' })]);
    await shot(buyer, 'paid-once');
  });
});
