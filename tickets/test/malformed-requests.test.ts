import { createHmac } from 'node:crypto';
import { newObjectId, signSessionToken } from '@ticketing/common';
import { TEST_JWT_KEY } from '@ticketing/testing';
import request from 'supertest';
import { createEvent, eventBody, getEvent, inSeconds, signInAdmin } from './event-support';
import { createTicket, expectErrorShape, getTicket, signIn, startTickets, type TicketsUnderTest } from './support';

// A table of malformed requests across every route (the tickets and the events catalogue, DESIGN §3, §12): each must be answered with the expected 4xx and the error
// shape of DESIGN §3, never a 5xx, and none may change the ticket it aims at.

let t: TicketsUnderTest;
let seller: { cookie: string; userId: string };
let ticket: Awaited<ReturnType<typeof createTicket>>;
let event: Awaited<ReturnType<typeof createEvent>>;
const admin = signInAdmin().cookie;
const statuses: number[] = [];

beforeAll(async () => {
  t = await startTickets();
  seller = signIn();
  ticket = await createTicket(t.url, seller.cookie, { price: 25 });
  event = await createEvent(t.url, seller.cookie);
});
afterAll(() => t.stop());

const badTitles: Array<[string, unknown]> = [
  ['missing', undefined],
  ['null', null],
  ['empty', ''],
  ['a space', ' '],
  ['tabs and newlines', '\t\n\r'],
  ['121 characters', 'a'.repeat(121)],
  ['121 characters after trim', ` ${'b'.repeat(121)} `],
  ['1000 characters', 'c'.repeat(1000)],
  ['a number', 42],
  ['zero', 0],
  ['true', true],
  ['an array', ['Concert']],
  ['an empty array', []],
  ['an object', { en: 'Concert' }],
  ['a query operator', { $gt: '' }],
  ['a number as a string array', ['1']],
];
const badPrices: Array<[string, unknown]> = [
  ['missing', undefined],
  ['null', null],
  ['zero', 0],
  ['-0.01', -0.01],
  ['0.01 (below the $0.50 floor)', 0.01],
  ['0.49', 0.49],
  ['-1', -1],
  ['-100000', -100_000],
  ['100000.01', 100_000.01],
  ['100001', 100_001],
  ['1e9', 1e9],
  ['1.001', 1.001],
  ['0.001', 0.001],
  ['10.125', 10.125],
  ['the smallest double', Number.MIN_VALUE],
  ['1e-9', 1e-9],
  ['0.009', 0.009],
  ['0.005', 0.005],
  ['a numeric string', '10'],
  ['a decimal string', '10.50'],
  ['an empty string', ''],
  ['"NaN"', 'NaN'],
  ['"Infinity"', 'Infinity'],
  ['true', true],
  ['false', false],
  ['an array', [10]],
  ['an object', { amount: 10 }],
  ['a query operator', { $gt: 0 }],
];
/** Bodies sent as raw text: [name, content type, text, expected status]. */
const badRawBodies: Array<[string, string, string, number]> = [
  ['truncated JSON', 'application/json', '{"title": "a", "price": 1', 400],
  ['single quotes', 'application/json', "{'title': 'a', 'price': 1}", 400],
  ['a bare word', 'application/json', 'hello', 400],
  ['JSON null', 'application/json', 'null', 400],
  ['a JSON string', 'application/json', '"a ticket"', 400],
  ['a JSON number', 'application/json', '12', 400],
  ['a JSON array', 'application/json', '[{"title":"a","price":1}]', 400],
  ['an empty JSON body', 'application/json', '', 400],
  ['trailing garbage', 'application/json', '{"title":"a","price":1}}', 400],
  ['NaN literal', 'application/json', '{"title":"a","price":NaN}', 400],
  ['plain text', 'text/plain', 'title=a price=1', 400],
  ['a form', 'application/x-www-form-urlencoded', 'title=Concert&price=10', 400],
  ['a 20 kB body', 'application/json', JSON.stringify({ title: 'a', price: 1, pad: 'x'.repeat(20_000) }), 413],
];

type Case = {
  name: string;
  method: 'get' | 'post' | 'put' | 'delete' | 'patch';
  path: () => string;
  status: number;
  /** The seller's session (default), none, another user's, or a Cookie header (an admin's: `admin`). */
  auth?: 'seller' | 'none' | 'other' | string;
  json?: unknown;
  raw?: [string, string];
};

function bodyCases(method: 'post' | 'put', path: () => string, status400 = 400): Case[] {
  const cases: Case[] = [];
  for (const [name, title] of badTitles)
    cases.push({ name: `title ${name}`, method, path, status: status400, json: { title, price: 10 } });
  for (const [name, price] of badPrices)
    cases.push({ name: `price ${name}`, method, path, status: status400, json: { title: 'Concert', price } });
  for (const [name, type, text, status] of badRawBodies)
    cases.push({ name: `body ${name}`, method, path, status, raw: [type, text] });
  return cases;
}

const badIds = [
  'abc',
  '0',
  '-1',
  'null',
  'undefined',
  '0'.repeat(23),
  '0'.repeat(25),
  'g'.repeat(24),
  `${'0'.repeat(23)}%20`,
  '%20'.repeat(8),
  '%24gt',
  '%7B%22%24gt%22%3A%22%22%7D',
  '..%2F..%2Fetc%2Fpasswd',
  'a'.repeat(2000),
  '%',
  '%zz',
  '%E4%00',
  '%00',
  encodeURIComponent('ä'.repeat(24)),
  encodeURIComponent('ticket id'),
  '[]',
  'true',
];

/** A session cookie holding an HS256 JWT made by hand (so the test needs no JWT library of its own). */
function cookieSignedWith(key: string, payload: object = { id: newObjectId(), email: 'x@test.dev' }): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  const jwt = `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
  return `session=${Buffer.from(JSON.stringify({ jwt })).toString('base64')}`;
}
const badSessions: Array<[string, string]> = [
  ['no cookie', 'none'],
  ['an empty session cookie', 'session='],
  ['a non-base64 cookie', 'session=%%%'],
  ['base64 of garbage', `session=${Buffer.from('garbage').toString('base64')}`],
  ['a session without jwt', `session=${Buffer.from(JSON.stringify({ user: 'me' })).toString('base64')}`],
  ['a jwt that is not a string', `session=${Buffer.from(JSON.stringify({ jwt: { id: 'me' } })).toString('base64')}`],
  ['a jwt signed with another key', cookieSignedWith('another-key-0123456789abcdefghijklmnop')],
  ['a jwt without an email', cookieSignedWith(TEST_JWT_KEY, { id: newObjectId() })],
  [
    'an expired jwt',
    `session=${Buffer.from(JSON.stringify({ jwt: signSessionToken({ id: newObjectId(), email: 'a@b.c' }, TEST_JWT_KEY, -10) })).toString('base64')}`,
  ],
  [
    'a jwt with alg none',
    `session=${Buffer.from(JSON.stringify({ jwt: `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ id: 'x', email: 'y' })).toString('base64url')}.` })).toString('base64')}`,
  ],
];

const badQueries = [
  'limit=0',
  'limit=101',
  'limit=1000',
  'limit=abc',
  'limit=-1',
  'limit=1.5',
  'limit=',
  'limit=%20',
  'limit=%201',
  'limit=1e1',
  'limit=0x10',
  'limit=Infinity',
  'limit=NaN',
  'limit=1&limit=2',
  'limit=9999999999',
  'before=notanid',
  'before=',
  'before=123',
  `before=${'0'.repeat(23)}`,
  `before=${'0'.repeat(25)}`,
  `before=${'z'.repeat(24)}`,
  'before=%24gt',
  `before=${newObjectId()}&before=${newObjectId()}`,
  `limit=10&before=bad`,
  `limit=bad&before=${newObjectId()}`,
];

const cases: Case[] = [
  ...bodyCases('post', () => '/api/tickets'),
  ...bodyCases('put', () => `/api/tickets/${ticket.id}`),
  ...badSessions.flatMap(([name, cookie]): Case[] => [
    {
      name: `POST with ${name}`,
      method: 'post',
      path: () => '/api/tickets',
      status: 401,
      auth: cookie,
      json: { title: 'Concert', price: 10 },
    },
    {
      name: `PUT with ${name}`,
      method: 'put',
      path: () => `/api/tickets/${ticket.id}`,
      status: 401,
      auth: cookie,
      json: { title: 'Concert', price: 10 },
    },
  ]),
  ...badIds.flatMap((id): Case[] => [
    { name: `GET id ${id.slice(0, 40)}`, method: 'get', path: () => `/api/tickets/${id}`, status: 404 },
    {
      name: `PUT id ${id.slice(0, 40)}`,
      method: 'put',
      path: () => `/api/tickets/${id}`,
      status: 404,
      json: { title: 'Concert', price: 10 },
    },
  ]),
  { name: 'GET an unknown id', method: 'get', path: () => `/api/tickets/${newObjectId()}`, status: 404 },
  {
    name: 'PUT an unknown id',
    method: 'put',
    path: () => `/api/tickets/${newObjectId()}`,
    status: 404,
    json: { title: 'Concert', price: 10 },
  },
  {
    name: 'PUT by another user',
    method: 'put',
    path: () => `/api/tickets/${ticket.id}`,
    status: 403,
    auth: 'other',
    json: { title: 'Mine', price: 10 },
  },
  ...badQueries.map((q): Case => ({ name: `GET ?${q}`, method: 'get', path: () => `/api/tickets?${q}`, status: 400 })),
  { name: 'DELETE a ticket', method: 'delete', path: () => `/api/tickets/${ticket.id}`, status: 404 },
  { name: 'PATCH a ticket', method: 'patch', path: () => `/api/tickets/${ticket.id}`, status: 404, json: { price: 1 } },
  {
    name: 'POST to a ticket',
    method: 'post',
    path: () => `/api/tickets/${ticket.id}`,
    status: 404,
    json: { title: 'a', price: 1 },
  },
  {
    name: 'PUT the collection',
    method: 'put',
    path: () => '/api/tickets',
    status: 404,
    json: { title: 'a', price: 1 },
  },
  { name: 'GET a sub-resource', method: 'get', path: () => `/api/tickets/${ticket.id}/orders`, status: 404 },
];

/** Event texts (title, venue, city: DESIGN §12, non-empty, under 200 characters) that must be refused. */
const badEventTexts: Array<[string, unknown]> = [
  ['missing', undefined],
  ['null', null],
  ['empty', ''],
  ['a space', ' '],
  ['tabs and newlines', '\t\n\r'],
  ['200 characters', 'a'.repeat(200)],
  ['1000 characters', 'c'.repeat(1000)],
  ['a number', 42],
  ['true', true],
  ['an array', ['Berlin']],
  ['an object', { en: 'Berlin' }],
  ['a query operator', { $gt: '' }],
];
const badStarts: Array<[string, unknown]> = [
  ['missing', undefined],
  ['null', null],
  ['empty', ''],
  ['a word', 'tomorrow'],
  ['a number', 1_900_000_000_000],
  ['a date without time', '2027-05-01'],
  ['February 30th', '2027-02-30T20:00:00Z'],
  ['in the past', inSeconds(-3600)],
  ['within the minimum lead', inSeconds(60)],
  ['beyond two years', inSeconds(3 * 366 * 86_400)],
  ['a query operator', { $gt: '' }],
  ['an array', [inSeconds(86_400 * 10)]],
];
const badCategories: Array<[string, unknown]> = [
  ['missing', undefined],
  ['null', null],
  ['unknown', 'opera'],
  ['upper case', 'CONCERT'],
  ['a number', 1],
  ['an array', ['concert']],
  ['a query operator', { $ne: 'x' }],
];
/** On-sale fields an admin may send, badly (a non-admin gets 403 before they are judged). */
const badOnSale: Array<[string, Record<string, unknown>]> = [
  ['onSaleAt a word', { onSaleAt: 'soon' }],
  ['onSaleAt after startsAt', { onSaleAt: inSeconds(30 * 86_400) }],
  ['onSaleAt in the past', { onSaleAt: inSeconds(-60) }],
  ['waitingRoom without onSaleAt', { waitingRoom: true }],
  ['waitingRoom a string', { waitingRoom: 'true' }],
  ['waitingRoom a number', { waitingRoom: 1 }],
  ['admitPerMinute 0', { admitPerMinute: 0 }],
  ['admitPerMinute 100001', { admitPerMinute: 100_001 }],
  ['admitPerMinute a string', { admitPerMinute: '200' }],
  ['admitPerMinute a fraction', { admitPerMinute: 2.5 }],
  ['queueMinutes 0', { queueMinutes: 0 }],
  ['queueMinutes 1441', { queueMinutes: 1441 }],
];
const badEventQueries = [
  'q=a&q=b',
  `q=${'x'.repeat(201)}`,
  'category=opera',
  'category=',
  'category=a&category=b',
  `city=${'c'.repeat(200)}`,
  'city=',
  'city=%20%20',
  'from=yesterday',
  'from=',
  'to=2027-13-45T00:00:00Z',
  `from=${inSeconds(2 * 86_400)}&to=${inSeconds(86_400)}`,
  'from=1&to=2',
  'limit=0',
  'limit=101',
  'limit=abc',
  'limit=1e1',
  'after=',
  'after=not-a-cursor!',
  `after=${Buffer.from('["x","y"]').toString('base64url')}`,
  `after=${Buffer.from('{"a":1}').toString('base64url')}`,
  `after=${Buffer.from('[1]').toString('base64url')}`,
  `after=${'A'.repeat(300)}`,
];
const badEventTicketsQueries = [
  'limit=0',
  'limit=101',
  'limit=-1',
  'limit=a&limit=b',
  'after=%%',
  `after=${Buffer.from('["cheap","6b16a17f86039f3088b69eb9"]').toString('base64url')}`,
  `after=${Buffer.from('[10,"not-an-id"]').toString('base64url')}`,
];

function eventCases(): Case[] {
  const cases: Case[] = [];
  const post = (name: string, json: unknown, status = 400, auth = admin): Case => ({
    name: `POST /api/events ${name}`,
    method: 'post',
    path: () => '/api/events',
    status,
    auth,
    json,
  });
  for (const field of ['title', 'venue', 'city'])
    for (const [name, value] of badEventTexts) cases.push(post(`${field} ${name}`, eventBody({ [field]: value })));
  for (const [name, value] of badStarts) cases.push(post(`startsAt ${name}`, eventBody({ startsAt: value })));
  for (const [name, value] of badCategories) cases.push(post(`category ${name}`, eventBody({ category: value })));
  for (const [name, fields] of badOnSale) {
    cases.push(post(`${name} by an admin`, eventBody(fields)));
    cases.push(post(`${name} by a non-admin`, eventBody(fields), 403, 'seller'));
  }
  for (const [name, type, text, status] of badRawBodies)
    cases.push({
      name: `POST /api/events body ${name}`,
      method: 'post',
      path: () => '/api/events',
      status,
      raw: [type, text],
    });
  for (const [name, cookie] of badSessions) {
    cases.push(post(`with ${name}`, eventBody(), 401, cookie));
    cases.push({
      name: `cancel with ${name}`,
      method: 'post',
      path: () => `/api/events/${event.id}/cancel`,
      status: 401,
      auth: cookie,
      json: {},
    });
  }
  cases.push({
    name: 'cancel by a non-admin',
    method: 'post',
    path: () => `/api/events/${event.id}/cancel`,
    status: 403,
    json: {},
  });
  for (const id of badIds) {
    cases.push({
      name: `GET event id ${id.slice(0, 40)}`,
      method: 'get',
      path: () => `/api/events/${id}`,
      status: 404,
    });
    cases.push({
      name: `GET tickets of event id ${id.slice(0, 40)}`,
      method: 'get',
      path: () => `/api/events/${id}/tickets`,
      status: 404,
    });
    cases.push({
      name: `cancel event id ${id.slice(0, 40)}`,
      method: 'post',
      path: () => `/api/events/${id}/cancel`,
      status: 404,
      auth: admin,
      json: {},
    });
  }
  for (const q of badEventQueries)
    cases.push({
      name: `GET /api/events?${q.slice(0, 60)}`,
      method: 'get',
      path: () => `/api/events?${q}`,
      status: 400,
    });
  for (const q of badEventTicketsQueries)
    cases.push({
      name: `GET an event's tickets ?${q.slice(0, 60)}`,
      method: 'get',
      path: () => `/api/events/${event.id}/tickets?${q}`,
      status: 400,
    });
  for (const [name, value] of [
    ['a malformed id', 'x'],
    ['an unknown id', newObjectId()],
    ['a number', 42],
    ['an operator', { $ne: null }],
  ] as const)
    cases.push({
      name: `POST /api/tickets eventId ${name}`,
      method: 'post',
      path: () => '/api/tickets',
      status: 400,
      json: { title: 'Seat', price: 10, eventId: value },
    });
  return cases;
}

/** Sends one case and checks its status and the error shape of DESIGN §3. */
async function send(c: Case): Promise<void> {
  let req = request(t.url)[c.method](c.path());
  const auth = c.auth ?? 'seller';
  if (auth === 'seller') req = req.set('Cookie', seller.cookie);
  else if (auth === 'other') req = req.set('Cookie', signIn().cookie);
  else if (auth !== 'none') req = req.set('Cookie', auth);
  if (c.raw) req = req.set('Content-Type', c.raw[0]).send(c.raw[1]);
  else if (c.json !== undefined) req = req.send(c.json as object);

  const res = await req;
  statuses.push(res.status);

  expect(res.status).toBe(c.status);
  expectErrorShape(res.body);
}

describe('malformed requests', () => {
  test(`The table has at least 200 cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
  });

  test.each(eventCases().map((c) => [`${c.method.toUpperCase()} ${c.name}`, c] as const))(
    'When %s, then the expected 4xx with the error shape',
    (_name, c) => send(c),
  );

  test.each(cases.map((c) => [`${c.method.toUpperCase()} ${c.name}`, c] as const))(
    'When %s, then the expected 4xx with the error shape',
    (_name, c) => send(c),
  );

  test('When all of that was sent, then no answer was a 5xx and the ticket and the event are unchanged', async () => {
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses).toHaveLength(cases.length + eventCases().length);
    expect(await getTicket(t.url, ticket.id)).toEqual(ticket);
    expect(await getEvent(t.url, event.id)).toEqual(event);
  });
});
