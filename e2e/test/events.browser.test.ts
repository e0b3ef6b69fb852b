// Events in the browser (DESIGN §12): the home page's search (the query in the URL, the back button), selling for an
// event (found by a search, or created with the form and its validation messages) and its listings cheapest first on
// the event page, an admin's Cancel as the event, its ticket and the home page show it, and the new pages at a
// phone's and a laptop's width, axe-clean. One system for the whole file.
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
import { checkPage, watchedPage } from './support/page-checks';
import { startTestSystem, type TestSystem } from './support/system';

const DAY_MS = 86_400_000;
/** A word in the title of every event this file creates, so that its searches find only them. */
const TAG = `t${unique()}`;

let system: TestSystem;
let browser: Browser;
/** Made once at the start through the API: three events, a ticket for the first, and an admin's account. */
let data: { night: string; comedy: string; derby: string; ticketId: string; admin: string };

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
  const admin = `admin-${unique()}@example.com`;
  await created(
    new ApiUser(system.url).call<{ id: string }>('POST', '/api/users/signup', { email: admin, password: PASSWORD }),
  );
  await grantAdmin(system, admin);
  data = { night, comedy, derby, ticketId, admin };
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
    await page.goto(`/tickets/new?eventId=${data.night}`);
    await page.getByTestId('ticket-form').waitFor();
    await checkPage(page, errors, 'sell-for-event', shot);
    await page.context().close();
  });
});
