// The demo data of a first run (DESIGN §9): the four tickets of the product mockups, sold by a demo seller. They go
// in through the gateway like any user's, so the services store them and publish their events as usual (orders gets
// its replicas from ticket.created), and nothing here knows how a service stores anything.
import { readFile, writeFile } from 'node:fs/promises';
import type { LogLine } from '../engines/types';

/** The demo seller; the password is printed at start, so that the demo tickets can be edited from the UI. */
export const DEMO_SELLER = { email: 'demo-seller@ticketing.dev', password: 'ticketing-demo' } as const;

/** The mockups' tickets, in the order the home page (newest first) shows them. */
export const DEMO_TICKETS = [
  { title: 'Basketball Game', price: 20 },
  { title: 'Classical Concert', price: 100 },
  { title: 'Rock Concert', price: 100 },
  { title: 'Football Game', price: 40 },
] as const;

/** `seeded`: the four were added; `already-seeded`: the mark says so; `not-empty`: the store had tickets already. */
export type SeedOutcome = 'seeded' | 'already-seeded' | 'not-empty';

/** The seed mark in DATA_DIR. */
interface SeedMark {
  seededAt: string;
  seller: string;
  ticketIds: string[];
}

/**
 * Adds the demo tickets through the gateway at `gatewayUrl`, unless `seedFile` says it was done, or the store already
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
    await writeMark(seedFile, { seededAt: new Date().toISOString(), seller: '', ticketIds: [] });
    return 'not-empty';
  }

  let session = await call(gatewayUrl, 'POST', '/api/users/signup', DEMO_SELLER, undefined, [201, 400]);
  if (session.status === 400) session = await call(gatewayUrl, 'POST', '/api/users/signin', DEMO_SELLER);
  if (!session.cookie) throw new Error('seed: auth answered without a session cookie');

  const ticketIds: string[] = [];
  // Oldest first, so that the newest-first list shows them in the mockups' order.
  for (const ticket of [...DEMO_TICKETS].reverse()) {
    const created = await call<{ id: string }>(gatewayUrl, 'POST', '/api/tickets', ticket, session.cookie, [201]);
    ticketIds.push(created.body.id);
  }
  await writeMark(seedFile, { seededAt: new Date().toISOString(), seller: DEMO_SELLER.email, ticketIds });
  log(
    `added the ${DEMO_TICKETS.length} demo tickets, sold by ${DEMO_SELLER.email} (password: ${DEMO_SELLER.password})`,
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
