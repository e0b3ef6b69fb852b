// The demo data of a first run (DESIGN §9, §12): four demo events in the coming weeks, each with one of the four
// tickets of the product mockups, sold by a demo seller. They go in through the gateway like any user's, so the
// services store them and publish their events as usual (orders gets its replicas from ticket.created), and nothing
// here knows how a service stores anything.
import { readFile, writeFile } from 'node:fs/promises';
import type { LogLine } from '../engines/types';

/** The demo seller; the password is printed at start, so that the demo tickets can be edited from the UI. */
export const DEMO_SELLER = { email: 'demo-seller@ticketing.dev', password: 'ticketing-demo' } as const;

/**
 * The mockups' four events, soonest first as the home page shows them, each `daysAhead` of the day of the first start
 * at `hourUtc`, with its one ticket (the mockup's price; its title is the seller's note on the seat).
 */
export const DEMO_EVENTS = [
  {
    title: 'Basketball Game',
    venue: 'Madison Square Garden',
    city: 'New York',
    category: 'sports',
    daysAhead: 7,
    hourUtc: 23,
    ticket: { title: 'Section 112, Row F', price: 20 },
  },
  {
    title: 'Classical Concert',
    venue: 'Royal Albert Hall',
    city: 'London',
    category: 'concert',
    daysAhead: 14,
    hourUtc: 19,
    ticket: { title: 'Stalls, Row K, Seat 14', price: 100 },
  },
  {
    title: 'Rock Concert',
    venue: 'Mercedes-Benz Arena',
    city: 'Berlin',
    category: 'concert',
    daysAhead: 21,
    hourUtc: 19,
    ticket: { title: 'Standing, Floor', price: 100 },
  },
  {
    title: 'Football Game',
    venue: 'Allianz Arena',
    city: 'Munich',
    category: 'sports',
    daysAhead: 28,
    hourUtc: 17,
    ticket: { title: 'Block 112, Row 8, Seat 21', price: 40 },
  },
] as const;

/** The mockups' tickets, in the order the home page shows their events and All listings (newest first) them. */
export const DEMO_TICKETS = DEMO_EVENTS.map((event) => event.ticket);

/**
 * When a demo event starts: whole days after `now`'s day (UTC), so that a start interrupted half-way and run again
 * the same day asks for the very same events, which the API then answers (200) instead of adding them twice.
 */
export function demoStartsAt(event: (typeof DEMO_EVENTS)[number], now: Date): string {
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + event.daysAhead, event.hourUtc),
  ).toISOString();
}

/** `seeded`: the four events and their tickets were added; `already-seeded`: the mark says so; `not-empty`: the store had tickets already. */
export type SeedOutcome = 'seeded' | 'already-seeded' | 'not-empty';

/** The seed mark in DATA_DIR. */
interface SeedMark {
  seededAt: string;
  seller: string;
  eventIds: string[];
  ticketIds: string[];
}

/**
 * Adds the demo events and their tickets through the gateway at `gatewayUrl`, unless `seedFile` says it was done, or the store already
 * has tickets (a store filled by hand is not touched; the mark is then written so that we do not ask again).
 * Signs up the demo seller, or signs in when that email exists. Writes `seedFile` last, so that a start interrupted
 * half-way seeds again next time rather than never.
 *
 * @throws Error with the request, status and body when the API refuses a request.
 */
export async function seedDemoTickets(gatewayUrl: string, seedFile: string, log: LogLine): Promise<SeedOutcome> {
  if (
    await readFile(seedFile, 'utf8').then(
      () => true,
      () => false,
    )
  )
    return 'already-seeded';
  const existing = await call<unknown[]>(gatewayUrl, 'GET', '/api/tickets?limit=1');
  if (existing.body.length > 0) {
    await writeMark(seedFile, { seededAt: new Date().toISOString(), seller: '', eventIds: [], ticketIds: [] });
    return 'not-empty';
  }

  let session = await call(gatewayUrl, 'POST', '/api/users/signup', DEMO_SELLER, undefined, [201, 400]);
  if (session.status === 400) session = await call(gatewayUrl, 'POST', '/api/users/signin', DEMO_SELLER);
  if (!session.cookie) throw new Error('seed: auth answered without a session cookie');

  const now = new Date();
  const eventIds: string[] = [];
  const ticketIds: string[] = [];
  // Listed last event first, so that All listings (newest first) shows the tickets in the mockups' order too.
  for (const demo of [...DEMO_EVENTS].reverse()) {
    const { title, venue, city, category, ticket } = demo;
    const event = { title, venue, city, category, startsAt: demoStartsAt(demo, now) };
    // 201 a new event, 200 the same one stored by an earlier, interrupted start (DESIGN §12).
    const created = await call<{ id: string }>(gatewayUrl, 'POST', '/api/events', event, session.cookie, [200, 201]);
    const listed = await call<{ id: string }>(
      gatewayUrl,
      'POST',
      '/api/tickets',
      { eventId: created.body.id, ...ticket },
      session.cookie,
      [201],
    );
    eventIds.unshift(created.body.id);
    ticketIds.unshift(listed.body.id);
  }
  await writeMark(seedFile, { seededAt: now.toISOString(), seller: DEMO_SELLER.email, eventIds, ticketIds });
  log(
    `added ${DEMO_EVENTS.length} demo events with a ticket each, sold by ${DEMO_SELLER.email} (password: ${DEMO_SELLER.password})`,
  );
  return 'seeded';
}

async function writeMark(seedFile: string, mark: SeedMark): Promise<void> {
  await writeFile(seedFile, `${JSON.stringify(mark, null, 2)}\n`);
}

interface Answer<T> {
  status: number;
  body: T;
  /** The `name=value` pairs of every Set-Cookie, joined for a Cookie header. */
  cookie?: string;
}

async function call<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  cookie?: string,
  expected: number[] = [200],
): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (cookie) headers.cookie = cookie;
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (!expected.includes(response.status)) {
    throw new Error(`seed: ${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  }
  const pairs = response.headers.getSetCookie().map((line) => line.split(';', 1)[0]?.trim() ?? '');
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : undefined) as T,
    cookie: pairs.filter(Boolean).join('; ') || undefined,
  };
}
