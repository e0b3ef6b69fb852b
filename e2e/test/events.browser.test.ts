// Events in the browser (DESIGN §12): the home page's search (the query in the URL, the back button), selling for an
// event (found by a search, or created with the form and its validation messages) and its listings cheapest first on
// the event page, an admin's Cancel as the event, its ticket and the home page show it, e-tickets (bought, shown as a
// QR code that reads back as its code, printed, transferred, refused and admitted once at the door), and the new
// pages at a phone's and a laptop's width, axe-clean; the waiting room of a hot on-sale (DESIGN §13): join before the
// on-sale, the countdown, the place, the turn, and the order placed with the pass. One system for the whole file.
import type { Browser, Page } from 'playwright-core';
import { grantAdmin } from './support/admin';
import { ApiUser } from './support/api';
import {
  expectText,
  LAPTOP,
  launchChromium,
  newUserPage,
  PASSWORD,
  PHONE,
  screenshots,
  signIn,
  signUp,
  unique,
} from './support/browser';
import { holdUpToCamera, installBarcodeDetectorStandIn, readQrCode } from './support/eticket';
import { expectAccessible } from './support/a11y';
import { checkPage, watchedPage } from './support/page-checks';
import { startTestSystem, type TestSystem } from './support/system';

const DAY_MS = 86_400_000;
/** A word in the title of every event this file creates, so that its searches find only them. */
const TAG = `t${unique()}`;

let system: TestSystem;
let browser: Browser;
/**
 * Made once at the start through the API: three events, a ticket for the first, an admin's account, and the e-ticket
 * story's event with its ticket and the account it is transferred to.
 */
let data: {
  night: string;
  comedy: string;
  derby: string;
  ticketId: string;
  admin: string;
  gig: string;
  gigTicket: string;
  friend: string;
};
/** The order whose e-ticket the e-ticket story transferred to `data.friend` (for the width checks). */
let transferredOrder = '';

const inDays = (days: number) => new Date(Date.now() + days * DAY_MS);

/** A date as the date input takes it (YYYY-MM-DD, UTC: the API's day, which the home page's dates are). */
const dateInput = (date: Date) => date.toISOString().slice(0, 10);

/** A date-time as `<input type="datetime-local">` takes it: the wall clock of the browser's zone (this machine's). */
function dateTimeInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

async function created<T extends { id: string }>(answer: Promise<{ status: number; body: T }>): Promise<string> {
  const { status, body } = await answer;
  if (status !== 201) throw new Error(`expected 201, got ${status}: ${JSON.stringify(body)}`);
  return body.id;
}

beforeAll(async () => {
  system = await startTestSystem({ expirationWindowSeconds: 600 });
  browser = await launchChromium();
  const organiser = await ApiUser.signedUp(system.url);
  const event = (title: string, venue: string, city: string, category: string, days: number) =>
    created(
      organiser.call<{ id: string }>('POST', '/api/events', {
        title,
        venue,
        city,
        category,
        startsAt: inDays(days).toISOString(),
      }),
    );
  const night = await event(`Jazz Night ${TAG}`, 'Blue Note', 'Paris', 'concert', 10);
  const comedy = await event(`Jazz Comedy Hour ${TAG}`, 'Le Point Virgule', 'Paris', 'comedy', 11);
  const derby = await event(`Derby ${TAG}`, 'Estadio da Luz', 'Lisbon', 'sports', 12);
  const ticketId = await created(
    organiser.call<{ id: string }>('POST', '/api/tickets', { eventId: night, title: 'Row 12', price: 60 }),
  );
  const gig = await event(`Door Gig ${TAG}`, 'Columbiahalle', 'Berlin', 'concert', 14);
  const gigTicket = await created(
    organiser.call<{ id: string }>('POST', '/api/tickets', { eventId: gig, title: 'Standing', price: 25 }),
  );
  const account = async (email: string) =>
    created(new ApiUser(system.url).call<{ id: string }>('POST', '/api/users/signup', { email, password: PASSWORD }));
  const admin = `admin-${unique()}@example.com`;
  await account(admin);
  await grantAdmin(system, admin);
  const friend = `friend-${unique()}@example.com`;
  await account(friend);
  data = { night, comedy, derby, ticketId, admin, gig, gigTicket, friend };
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

const eventTitles = (page: Page) => page.getByTestId('event-row').getByTestId('event-link').allInnerTexts();

/**
 * The titles listed once they are `expected`, or what is listed after 10 s: a client navigation (a chip, Back)
 * changes the URL a moment before the page it renders.
 */
async function titlesOnceSettled(page: Page, expected: string[]): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  let titles = await eventTitles(page);
  while (JSON.stringify(titles) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    titles = await eventTitles(page);
  }
  return titles;
}
const eventRow = (page: Page, id: string) => page.locator(`[data-testid="event-row"][data-event-id="${id}"]`);
const searchParams = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);

/**
 * Loads `path` until `ready` holds: the list pages are kept for up to a second (tickets-page-cache.ts) and an event's
 * listing summary follows its tickets within about one more.
 */
async function loadUntil(page: Page, path: string, ready: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await page.goto(path);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${what}: not shown at ${path} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('events in the browser', () => {
  test('When a visitor searches by words, a category, a city and dates, then the right events show, the URL carries the search, and Back returns to the previous one', async () => {
    const shot = screenshots('events search');
    const page = await newUserPage(browser, system.url);
    await page.goto('/');
    await page.getByTestId('events-list').waitFor();
    expect(await eventTitles(page)).toEqual(
      expect.arrayContaining(['Basketball Game', 'Classical Concert', 'Rock Concert', 'Football Game']),
    );
    await shot(page, 'home');

    await page.getByLabel('Search', { exact: true }).fill(`jazz ${TAG}`);
    await page.getByTestId('search-submit').click();
    await page.waitForURL(/[?&]q=jazz/);
    const both = [`Jazz Night ${TAG}`, `Jazz Comedy Hour ${TAG}`];
    const searched = await titlesOnceSettled(page, both);
    await shot(page, 'searched');
    await page.getByTestId('category-comedy').click();
    await page.waitForURL(/category=comedy/);
    const comedy = await titlesOnceSettled(page, [`Jazz Comedy Hour ${TAG}`]);
    const comedyUrl = searchParams(page);
    const comedyRow = await eventRow(page, data.comedy).innerText();
    await shot(page, 'comedy');
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('category'));
    const back = await titlesOnceSettled(page, both);

    expect(searched).toEqual(both);
    expect(comedy).toEqual([`Jazz Comedy Hour ${TAG}`]);
    expect(comedyUrl).toEqual({ q: `jazz ${TAG}`, category: 'comedy' });
    expect(comedyRow).toMatch(/Le Point Virgule, Paris/);
    expect(comedyRow).toMatch(/Comedy/);
    expect(comedyRow).toMatch(/No tickets yet/);
    expect(back).toEqual(both);
    expect(await page.getByLabel('Search', { exact: true }).inputValue()).toBe(`jazz ${TAG}`);

    await page.getByLabel('Search', { exact: true }).fill(TAG);
    await page.getByLabel('City', { exact: true }).fill('lisbon');
    await page.getByTestId('search-submit').click();
    await page.waitForURL(/city=lisbon/);
    const inLisbon = await titlesOnceSettled(page, [`Derby ${TAG}`]);
    await page.getByLabel('City', { exact: true }).fill('');
    await page.getByLabel('From', { exact: true }).fill(dateInput(inDays(11)));
    await page.getByLabel('To', { exact: true }).fill(dateInput(inDays(11)));
    await page.getByTestId('search-submit').click();
    await page.waitForURL(/to=/);
    const onTheDay = await titlesOnceSettled(page, [`Jazz Comedy Hour ${TAG}`]);
    await shot(page, 'dates');

    expect(inLisbon).toEqual([`Derby ${TAG}`]);
    expect(onTheDay).toEqual([`Jazz Comedy Hour ${TAG}`]);
    await page.context().close();
  });

  test('When a seller finds an event or creates it and lists tickets for it, then the event page lists them cheapest first', async () => {
    const shot = screenshots('sell for an event');
    const seller = await newUserPage(browser, system.url);
    await signUp(seller, `seller-${unique()}@example.com`, shot);

    await seller.getByTestId('nav-sell').click();
    await seller.getByTestId('find-event').waitFor();
    await seller.getByLabel('Search', { exact: true }).fill(`night ${TAG}`);
    await seller.getByTestId('search-submit').click();
    await seller.waitForURL(/[?&]q=night/);
    await eventRow(seller, data.night).getByTestId('event-link').click();
    await seller.waitForURL(new RegExp(`eventId=${data.night}`));
    await shot(seller, 'ticket-for-event');
    await seller.getByLabel('Seat', { exact: true }).fill('Balcony, Row C');
    await seller.getByLabel('Price (USD)').fill('80');
    await seller.getByTestId('ticket-submit').click();
    await seller.waitForURL(/\/tickets\/[0-9a-f]{24}$/);
    await expectText(seller.getByTestId('event-link'), new RegExp(`Jazz Night ${TAG}`));
    await shot(seller, 'ticket-listed');
    await seller.getByTestId('event-link').click();
    await seller.getByTestId('sell-for-event').click();
    await seller.getByLabel('Seat', { exact: true }).fill('Floor, Row 1');
    await seller.getByLabel('Price (USD)').fill('45');
    await seller.getByTestId('ticket-submit').click();
    await seller.waitForURL(/\/tickets\/[0-9a-f]{24}$/);
    await loadUntil(
      seller,
      `/events/${data.night}`,
      async () => /from \$45 · 3 tickets/.test(await seller.getByTestId('event-listings').innerText()),
      'the listing summary',
    );
    await shot(seller, 'event-page');

    expect(await seller.getByTestId('ticket-title').allInnerTexts()).toEqual([
      'Floor, Row 1',
      'Row 12',
      'Balcony, Row C',
    ]);
    expect(await seller.getByTestId('ticket-price').allInnerTexts()).toEqual(['$45', '$60', '$80']);
    expect(await seller.locator('[data-testid="ticket-status"][data-status="available"]').count()).toBe(3);

    await seller.goto('/tickets/new');
    const form = seller.getByTestId('event-form');
    // The on-sale fields are an admin's (the API refuses them from anyone else).
    expect(await form.getByTestId('event-on-sale').count()).toBe(0);
    await form.getByLabel('Venue', { exact: true }).fill('Parc de la Villette');
    await form.getByLabel('City', { exact: true }).fill('Paris');
    await form.getByLabel('Category', { exact: true }).selectOption('festival');
    await form.getByLabel('Starts at', { exact: true }).fill(dateTimeInput(inDays(-1)));
    await form.getByTestId('event-submit').click();
    await form.getByTestId('field-error-title').waitFor();
    await form.getByTestId('field-error-startsAt').waitFor();
    await shot(seller, 'event-form-errors');
    await form.getByLabel('Event title', { exact: true }).fill(`Open Air ${TAG}`);
    await form.getByLabel('Starts at', { exact: true }).fill(dateTimeInput(inDays(20)));
    await form.getByTestId('event-submit').click();
    await seller.waitForURL(/eventId=[0-9a-f]{24}/);
    const openAir = searchParams(seller).eventId ?? '';
    await seller.getByLabel('Seat', { exact: true }).fill('General admission');
    await seller.getByLabel('Price (USD)').fill('30');
    await seller.getByTestId('ticket-submit').click();
    await seller.waitForURL(/\/tickets\/[0-9a-f]{24}$/);
    await loadUntil(
      seller,
      `/?q=${encodeURIComponent(`open air ${TAG}`)}`,
      async () =>
        /from \$30 · 1 ticket/.test(
          await eventRow(seller, openAir)
            .innerText()
            .catch(() => ''),
        ),
      'the new event on the home page',
    );
    await shot(seller, 'new-event-on-home');

    expect(await eventRow(seller, openAir).innerText()).toMatch(/Parc de la Villette, Paris/);
    expect(await eventRow(seller, openAir).getByTestId('event-category').innerText()).toBe('Festival');
    await seller.context().close();
  });

  test('When an admin cancels an event, then its page, its tickets and the home page say it was cancelled', async () => {
    const shot = screenshots('cancelled event');
    const admin = await newUserPage(browser, system.url);
    await signIn(admin, data.admin);
    const derbyTicket = await created(
      (await ApiUser.signedUp(system.url)).call<{ id: string }>('POST', '/api/tickets', {
        eventId: data.derby,
        title: 'Row 9',
        price: 35,
      }),
    );
    const visitor = await newUserPage(browser, system.url);
    await visitor.goto(`/events/${data.derby}`);
    expect(await visitor.getByTestId('cancel-event').count()).toBe(0);

    await admin.goto(`/events/${data.derby}`);
    await admin.getByTestId('cancel-event').click();
    await shot(admin, 'confirm');
    await admin.getByTestId('cancel-event-confirm').click();
    await expectText(admin.getByTestId('event-closed'), /This event was cancelled/);
    await shot(admin, 'cancelled');

    expect(await admin.getByTestId('event-cancelled').innerText()).toBe('Cancelled');
    expect(await admin.getByTestId('sell-for-event').count()).toBe(0);
    expect(await admin.getByTestId('cancel-event').count()).toBe(0);
    await loadUntil(
      visitor,
      `/?q=${encodeURIComponent(`derby ${TAG}`)}`,
      async () => (await eventRow(visitor, data.derby).getByTestId('event-cancelled').count()) === 1,
      'Cancelled on the home page',
    );
    await shot(visitor, 'home-cancelled');
    await visitor.goto(`/tickets/${derbyTicket}`);
    await expectText(visitor.getByTestId('event-closed'), /This event was cancelled/);
    expect(await visitor.getByTestId('purchase-button').count()).toBe(0);
    expect(await visitor.getByTestId('signin-to-purchase').count()).toBe(0);
    await shot(visitor, 'ticket-of-cancelled-event');
    await admin.context().close();
    await visitor.context().close();
  });
});

describe('e-tickets in the browser', () => {
  test('When a buyer pays, then the order shows a QR code of the e-ticket; transferred, the old code is refused at the door and the new one admitted once', async () => {
    const shot = screenshots('e-ticket');
    const buyerEmail = `buyer-${unique()}@example.com`;
    const buyer = await newUserPage(browser, system.url);
    await signUp(buyer, buyerEmail, shot);
    await buyer.goto(`/tickets/${data.gigTicket}`);
    await buyer.getByTestId('purchase-button').click();
    await buyer.waitForURL(/\/orders\/[0-9a-f]{24}$/);
    const orderId = /\/orders\/([0-9a-f]{24})$/.exec(buyer.url())?.[1] ?? '';
    await buyer.getByLabel('Test card').selectOption('pm_card_visa');
    await buyer.getByTestId('pay-button').click();
    // No reload: the page shows the e-ticket once the order it follows has completed.
    await buyer.getByTestId('eticket-qr').waitFor();
    await shot(buyer, 'e-ticket');
    const buyerCode = (await buyer.getByTestId('eticket-code').innerText()).trim();

    expect(await readQrCode(buyer)).toBe(buyerCode);
    expect(buyerCode).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(await buyer.getByTestId('eticket-title').innerText()).toBe('Standing');

    await buyer.emulateMedia({ media: 'print' });
    await shot(buyer, 'printed');
    const printed = {
      header: await buyer.locator('header').isVisible(),
      order: await buyer.getByTestId('order').isVisible(),
      transfer: await buyer.getByTestId('transfer-form').isVisible(),
      print: await buyer.getByTestId('print-ticket').isVisible(),
      qr: await buyer.getByTestId('eticket-qr').isVisible(),
      code: await buyer.getByTestId('eticket-code').isVisible(),
      qrWidth: (await buyer.getByTestId('eticket-qr').boundingBox())?.width ?? 0,
    };
    await buyer.emulateMedia({ media: 'screen' });
    expect(printed).toEqual({
      header: false,
      order: false,
      transfer: false,
      print: false,
      qr: true,
      code: true,
      qrWidth: expect.any(Number),
    });
    expect(printed.qrWidth).toBeGreaterThan(400);

    const transferTo = async (email: string) => {
      await buyer.getByLabel('Their e-mail address').fill(email);
      await buyer.getByTestId('transfer-submit').click();
    };
    await transferTo(buyerEmail);
    await buyer.getByTestId('field-error-email').waitFor();
    await shot(buyer, 'transfer-to-self-refused');
    await transferTo(data.friend);
    await expectText(buyer.getByTestId('eticket-transferred'), new RegExp(`^Transferred to ${data.friend}$`));
    await shot(buyer, 'transferred');
    expect(await buyer.getByTestId('eticket-qr').count()).toBe(0);
    expect(await buyer.getByTestId('eticket-code').count()).toBe(0);
    await buyer.goto('/orders');
    await expectText(
      buyer.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`).getByTestId('order-transfer'),
      new RegExp(`^transferred to ${data.friend}$`),
    );
    await shot(buyer, 'my-orders-sender');

    const friend = await newUserPage(browser, system.url);
    await signIn(friend, data.friend);
    await friend.goto(`/events/${data.gig}/door`);
    await expectText(friend.getByTestId('door-admins-only'), /Only admins staff the door/);
    await friend.goto('/orders');
    const friendRow = friend.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`);
    await expectText(friendRow.getByTestId('order-transfer'), /^transferred to you$/);
    await shot(friend, 'my-orders-recipient');
    await friendRow.getByTestId('order-ticket-title').click();
    await friend.getByTestId('eticket-qr').waitFor();
    await shot(friend, 'e-ticket-received');
    const friendCode = (await friend.getByTestId('eticket-code').innerText()).trim();
    expect(await friend.getByTestId('eticket-received').innerText()).toBe('Transferred to you');
    expect(await readQrCode(friend)).toBe(friendCode);
    expect(friendCode).not.toBe(buyerCode);

    const visitor = await newUserPage(browser, system.url);
    await visitor.goto(`/events/${data.gig}/door`);
    await visitor.getByTestId('signin-required').waitFor();

    const admin = await newUserPage(browser, system.url);
    await installBarcodeDetectorStandIn(admin.context());
    await signIn(admin, data.admin);
    await admin.goto(`/events/${data.gig}`);
    await admin.getByTestId('door-link').click();
    await admin.waitForURL(new RegExp(`/events/${data.gig}/door$`));
    /** Types a code at the door and waits for its verdict (the field is emptied for the next code once it is in). */
    const door = async (code: string) => {
      await admin.getByLabel('Ticket code').fill(code);
      await admin.getByTestId('door-submit').click();
      const field = admin.getByLabel('Ticket code');
      const deadline = Date.now() + 20_000;
      while ((await field.inputValue()) !== '' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    };
    const verdict = async () => ({
      outcome: await admin.getByTestId('door-result').getAttribute('data-outcome'),
      text: (await admin.getByTestId('door-result').innerText()).replace(/\s+/g, ' ').trim(),
      count: await admin.getByTestId('door-count').getAttribute('data-admitted'),
      tally: `${await admin.getByTestId('door-tally').getAttribute('data-admitted')} of ${await admin
        .getByTestId('door-tally')
        .getAttribute('data-sold')}`,
    });

    await door(buyerCode);
    const oldCode = await verdict();
    await shot(admin, 'door-old-code-refused');
    await admin.getByTestId('door-scan').click();
    await holdUpToCamera(admin, friendCode);
    await expectText(admin.getByTestId('door-result'), /^Admitted/);
    const scanned = await verdict();
    await shot(admin, 'door-admitted');
    await door(friendCode);
    const again = await verdict();
    await shot(admin, 'door-already-used');
    await friend.reload();
    await friend.getByTestId('eticket-used').waitFor();

    expect(oldCode).toEqual({
      outcome: 'refused',
      text: 'Refused This ticket was transferred; ask the holder for the new code',
      count: '0',
      tally: '0 of 1',
    });
    expect(scanned).toEqual({
      outcome: 'admitted',
      text: `Admitted Standing ${data.friend[0]}***@example.com`,
      count: '1',
      tally: '1 of 1',
    });
    expect(again.outcome).toBe('refused');
    expect(again.text).toMatch(/^Refused Already used at /);
    expect(again.count).toBe('1');
    expect(again.tally).toBe('1 of 1');
    expect(await friend.getByTestId('transfer-form').count()).toBe(0);
    transferredOrder = orderId;
    await Promise.all([buyer, friend, visitor, admin].map((page) => page.context().close()));
  });
});

describe('the waiting room in the browser', () => {
  test('When a buyer joins an event’s waiting room before its on-sale, then the page shows the countdown, their place and their turn without reloading, and the order goes with the pass', async () => {
    const shot = screenshots('waiting room');
    const admin = await ApiUser.signedIn(system.url, { email: data.admin, password: PASSWORD });
    const { page: buyer, errors } = await watchedPage(browser, system.url, LAPTOP);
    await signUp(buyer, `queuer-${unique()}@example.com`, shot);
    const rivals = await Promise.all([1, 2, 3].map(() => ApiUser.signedUp(system.url)));
    const onSaleAt = new Date(Date.now() + 15_000);
    const eventId = await created(
      admin.call<{ id: string }>('POST', '/api/events', {
        title: `Hot Sale ${unique()}`,
        venue: 'Wembley Arena',
        city: 'London',
        category: 'concert',
        startsAt: inDays(20).toISOString(),
        onSaleAt: onSaleAt.toISOString(),
        waitingRoom: true,
        admitPerMinute: 60,
      }),
    );
    const seller = await ApiUser.signedUp(system.url);
    const ticketId = await created(
      seller.call<{ id: string }>('POST', '/api/tickets', { eventId, title: 'Front row', price: 90 }),
    );
    // Rivals in the pre-queue too, so the shuffle may put the buyer behind them; once queue has made the room.
    for (const rival of rivals) {
      const deadline = Date.now() + 10_000;
      let joined = await rival.call<{ status: string }>('POST', `/api/queue/${eventId}`, {});
      while (joined.status === 404 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        joined = await rival.call<{ status: string }>('POST', `/api/queue/${eventId}`, {});
      }
      expect(joined.body.status).toBe('prequeue');
    }
    await loadUntil(
      buyer,
      `/events/${eventId}`,
      async () =>
        (await buyer.getByTestId('queue-join').count()) > 0 && (await buyer.getByTestId('ticket-row').count()) > 0,
      'the waiting room and the ticket',
    );
    await expectAccessible(buyer, 'waiting room, before joining');

    await buyer.getByTestId('queue-join').click();
    await expectText(buyer.getByTestId('queue-status'), /You are in the queue/);
    await expectText(buyer.getByTestId('queue-countdown'), /The sale starts in \d+ seconds?\./);
    expect(await buyer.getByTestId('queue-status').getAttribute('aria-live')).toBe('polite');
    // What the live region says from now on, as a screen reader would hear it.
    await buyer.evaluate(`{
      const region = document.querySelector('[data-testid="queue-status"]');
      window.__heard = [];
      new MutationObserver(() => window.__heard.push(region.textContent)).observe(region, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    }`);
    await shot(buyer, 'pre-queue');
    await expectAccessible(buyer, 'waiting room, pre-queue');
    // A buyer who never joined is refused once the sale is on.
    const outsider = await ApiUser.signedUp(system.url);

    await expectText(buyer.getByTestId('queue-status'), /It's your turn: you have 10 minutes\./, 40_000);
    await shot(buyer, 'admitted');
    const place = (await buyer.evaluate(`fetch('/api/queue/${eventId}').then((res) => res.json())`)) as {
      position: number;
    };
    const heard = (await buyer.evaluate('window.__heard')) as string[];
    // Behind someone, the buyer heard their place before their turn.
    if (place.position > 1) {
      expect(
        heard.some((words) => /Your place in the queue: \d+\. People ahead of you: \d+\. Estimated wait: /.test(words)),
      ).toBe(true);
    }
    const refused = await outsider.call<{ errors: { message: string }[] }>('POST', '/api/orders', { ticketId });
    expect(refused).toEqual({ status: 403, body: { errors: [{ message: 'Join the queue for this event' }] } });

    await buyer.getByTestId('queue-to-tickets').click();
    await buyer.getByTestId('ticket-link').first().click();
    await buyer.getByTestId('purchase-button').click();
    await buyer.waitForURL(/\/orders\/[0-9a-f]{24}$/);
    await shot(buyer, 'ordered with the pass');
    expect(errors).toEqual([]);
    await buyer.context().close();
  });
});

describe.each([
  ['phone', PHONE],
  ['laptop', LAPTOP],
] as const)('the event pages at %s width', (name, viewport) => {
  test(`When an admin opens each new page, then it fits, is accessible and throws nothing (${name})`, async () => {
    const shot = screenshots(`event pages ${name}`);
    const { page, errors } = await watchedPage(browser, system.url, viewport);
    await signIn(page, data.admin);

    await page.goto(`/?q=${TAG}`);
    await page.getByTestId('events-list').waitFor();
    await checkPage(page, errors, 'search', shot);
    await page.goto(`/?from=${dateInput(inDays(3))}&to=${dateInput(inDays(2))}`);
    await page.getByTestId('field-error-from').waitFor();
    await checkPage(page, errors, 'search-refused', shot);
    await page.goto(`/events/${data.night}`);
    await page.getByTestId('cancel-event').click();
    await page.getByTestId('cancel-event-confirm').waitFor();
    await checkPage(page, errors, 'event-admin-confirm', shot);
    await page.goto(`/events/${data.derby}`);
    await page.getByTestId('event-closed').waitFor();
    await checkPage(page, errors, 'event-cancelled', shot);
    await page.goto(`/tickets/${data.ticketId}`);
    await page.getByTestId('event-details').waitFor();
    await checkPage(page, errors, 'ticket-of-event', shot);
    await page.goto(`/tickets/new?q=${TAG}`);
    await page.getByTestId('event-submit').click();
    await page.getByTestId('field-error-startsAt').waitFor();
    await checkPage(page, errors, 'sell-find-or-create', shot);
    // An admin's on-sale fields reach the API: an event with a waiting room, made through the form.
    const form = page.getByTestId('event-form');
    await form.getByLabel('Event title', { exact: true }).fill(`Form Room ${name} ${TAG}`);
    await form.getByLabel('Venue', { exact: true }).fill('O2 Arena');
    await form.getByLabel('City', { exact: true }).fill('London');
    await form.getByLabel('Starts at', { exact: true }).fill(dateTimeInput(inDays(30)));
    await form.getByLabel('On sale from', { exact: true }).fill(dateTimeInput(inDays(7)));
    await form.getByLabel('A waiting room for the on-sale').check();
    await form.getByLabel('Buyers admitted a minute', { exact: true }).fill('500');
    await form.getByTestId('event-submit').click();
    await page.waitForURL(/eventId=[0-9a-f]{24}/);
    const roomEvent = await page.evaluate(
      `fetch('/api/events/${searchParams(page).eventId ?? ''}').then((res) => res.json())`,
    );
    expect(roomEvent).toMatchObject({ waitingRoom: true, admitPerMinute: 500, onSaleAt: expect.any(String) });
    await page.goto(`/tickets/new?eventId=${data.night}`);
    await page.getByTestId('ticket-form').waitFor();
    await checkPage(page, errors, 'sell-for-event', shot);
    await page.goto(`/events/${data.gig}/door`);
    await page.getByLabel('Ticket code').fill('not-a-ticket');
    await page.getByTestId('door-submit').click();
    await page.locator('[data-testid="door-result"][data-outcome="refused"]').waitFor();
    await checkPage(page, errors, 'door-refused', shot);
    await page.context().close();

    const holder = await watchedPage(browser, system.url, viewport);
    await signIn(holder.page, data.friend);
    await holder.page.goto(`/orders/${transferredOrder}`);
    await holder.page.getByTestId('eticket-qr').waitFor();
    await checkPage(holder.page, holder.errors, 'order-e-ticket', shot);
    await holder.page.goto('/orders');
    await holder.page.getByTestId('order-transfer').first().waitFor();
    await checkPage(holder.page, holder.errors, 'my-orders-transferred', shot);
    await holder.page.context().close();
  });
});
