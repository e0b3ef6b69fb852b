import { newObjectId, signSessionToken } from '@ticketing/common';
import { TEST_JWT_KEY } from '@ticketing/testing';
import {
  api,
  listTicket,
  orderTicket,
  signIn,
  startOrders,
  type ApiResponse,
  type OrdersHarness,
} from './support/harness';

let h: OrdersHarness;

beforeAll(async () => {
  h = await startOrders();
});

afterAll(async () => {
  await h.stop();
});

const badIds: unknown[] = [
  null,
  true,
  0,
  -1,
  2 ** 64,
  '',
  ' ',
  'abc',
  'ZZZZZZZZZZZZZZZZZZZZZZZZ',
  '5f0c9a1b2c3d4e5f6071829',
  '5f0c9a1b2c3d4e5f607182931',
  ' 5f0c9a1b2c3d4e5f60718293',
  '5f0c9a1b2c3d4e5f60718293\n',
  '5f0c9a1b2c3d4e5f6071829\u0000',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; DROP TABLE tickets; --",
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢𝔘𝔫𝔦𝔠𝔬𝔡𝔢𝔘𝔫𝔦𝔠',
  'a'.repeat(5_000),
  [],
  ['5f0c9a1b2c3d4e5f60718293'],
  {},
  { $gt: '' },
  { $ne: null },
  { $where: 'sleep(1000)' },
  { _bsontype: 'ObjectId', id: 'aaaaaaaaaaaa' },
];

/** A session whose JWT carries something other than an ObjectId user id: signed by our key, but not from auth. */
function oddSession(id: string): string {
  const value = Buffer.from(
    JSON.stringify({ jwt: signSessionToken({ id, email: 'odd@test.dev' }, TEST_JWT_KEY) }),
  ).toString('base64');
  return `session=${value}`;
}

describe('malformed requests', () => {
  test('When 200+ malformed requests hit every route, then each gets a 4xx in the error shape and none a 5xx', async () => {
    const buyer = signIn();
    const ticket = await listTicket(h);
    const order = (await orderTicket(h, buyer.cookie, ticket.id)).body;
    const requests: Array<{ what: string; send: () => Promise<ApiResponse> }> = [];
    const add = (what: string, send: () => Promise<ApiResponse>) => requests.push({ what, send });

    for (const id of badIds) {
      add(`POST ticketId=${JSON.stringify(id)?.slice(0, 40)}`, () =>
        api(h.url, 'POST', '/api/orders', { cookie: buyer.cookie, json: { ticketId: id } }),
      );
      add(`POST ticketId=${JSON.stringify(id)?.slice(0, 40)} with extra keys`, () =>
        api(h.url, 'POST', '/api/orders', {
          cookie: buyer.cookie,
          json: { ticketId: id, userId: newObjectId(), status: 'completed', $where: '1' },
        }),
      );
      add(`POST ticketId=${JSON.stringify(id)?.slice(0, 40)} signed out`, () =>
        api(h.url, 'POST', '/api/orders', { json: { ticketId: id } }),
      );
    }
    const bodies = [
      '',
      '{',
      '{"ticketId":',
      'null',
      '[]',
      '"text"',
      '42',
      'true',
      '{"ticketId": "x"',
      '\u0000\u0001',
      '{"a":' + '['.repeat(5_000),
    ];
    for (const raw of bodies) {
      add(`POST raw ${JSON.stringify(raw.slice(0, 20))}`, () =>
        api(h.url, 'POST', '/api/orders', {
          cookie: buyer.cookie,
          raw,
          headers: { 'content-type': 'application/json' },
        }),
      );
    }
    add('POST too large', () =>
      api(h.url, 'POST', '/api/orders', {
        cookie: buyer.cookie,
        json: { ticketId: ticket.id, pad: 'x'.repeat(20_000) },
      }),
    );
    add('POST text/plain', () =>
      api(h.url, 'POST', '/api/orders', {
        cookie: buyer.cookie,
        raw: `ticketId=${ticket.id}`,
        headers: { 'content-type': 'text/plain' },
      }),
    );
    add('POST form', () =>
      api(h.url, 'POST', '/api/orders', {
        cookie: buyer.cookie,
        raw: `ticketId=${ticket.id}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    add('POST utf-7', () =>
      api(h.url, 'POST', '/api/orders', {
        cookie: buyer.cookie,
        raw: '{}',
        headers: { 'content-type': 'application/json; charset=utf-7' },
      }),
    );
    add('POST gzip that is not', () =>
      api(h.url, 'POST', '/api/orders', {
        cookie: buyer.cookie,
        raw: '{}',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      }),
    );
    add('POST deflate-unknown', () =>
      api(h.url, 'POST', '/api/orders', {
        cookie: buyer.cookie,
        raw: '{}',
        headers: { 'content-type': 'application/json', 'content-encoding': 'br2' },
      }),
    );
    add('POST own ticket with a non-ObjectId session', () =>
      api(h.url, 'POST', '/api/orders', { cookie: oddSession('u1'), json: { ticketId: ticket.id } }),
    );
    add('POST with an empty user id session', () =>
      api(h.url, 'POST', '/api/orders', { cookie: oddSession(''), json: { ticketId: ticket.id } }),
    );

    const cookies = [
      'session=',
      'session=%%%',
      'session=bm90IGpzb24=',
      `session=${Buffer.from('{"jwt":"a.b.c"}').toString('base64')}`,
      `session=${Buffer.from('{"jwt":42}').toString('base64')}`,
      `session=${Buffer.from('[1,2]').toString('base64')}`,
      `session=${Buffer.from(JSON.stringify({ jwt: signSessionToken({ id: newObjectId(), email: 'x@y.z' }, 'another-key-0123456789abcdefghijklmnopq') })).toString('base64')}`,
      `session=${Buffer.from(JSON.stringify({ jwt: signSessionToken({ id: newObjectId(), email: 'x@y.z' }, TEST_JWT_KEY, -10) })).toString('base64')}`,
      'session=' + 'A'.repeat(6_000),
      'session=a; session=b',
    ];
    for (const cookie of cookies) {
      add(`GET list cookie ${cookie.slice(0, 30)}`, () => api(h.url, 'GET', '/api/orders', { cookie }));
      add(`GET show cookie ${cookie.slice(0, 30)}`, () => api(h.url, 'GET', `/api/orders/${order.id}`, { cookie }));
      add(`DELETE cookie ${cookie.slice(0, 30)}`, () => api(h.url, 'DELETE', `/api/orders/${order.id}`, { cookie }));
      add(`POST cookie ${cookie.slice(0, 30)}`, () =>
        api(h.url, 'POST', '/api/orders', { cookie, json: { ticketId: ticket.id } }),
      );
    }

    const paths = [
      'abc',
      '5f0c9a1b2c3d4e5f6071829',
      '5F0C9A1B2C3D4E5F60718293',
      '%00',
      '%2e%2e',
      '%2F',
      '%E0%A4%A',
      '%ZZ',
      '%',
      `${order.id}%00`,
      `${order.id}/extra`,
      `${order.id}.json`,
      "'%20OR%201=1",
      'x'.repeat(3_000),
      'null',
      'undefined',
      '[object Object]',
      '%7B%22%24gt%22%3A%22%22%7D',
      '%F0%9F%98%80',
    ];
    for (const p of paths) {
      add(`GET /api/orders/${p.slice(0, 30)}`, () => api(h.url, 'GET', `/api/orders/${p}`, { cookie: buyer.cookie }));
      add(`DELETE /api/orders/${p.slice(0, 30)}`, () =>
        api(h.url, 'DELETE', `/api/orders/${p}`, { cookie: buyer.cookie }),
      );
      add(`GET /api/orders/${p.slice(0, 30)} signed out`, () => api(h.url, 'GET', `/api/orders/${p}`));
      add(`DELETE /api/orders/${p.slice(0, 30)} signed out`, () => api(h.url, 'DELETE', `/api/orders/${p}`));
    }
    add('PUT /api/orders', () => api(h.url, 'PUT', '/api/orders', { cookie: buyer.cookie, json: {} }));
    add('PATCH /api/orders/:id', () =>
      api(h.url, 'PATCH', `/api/orders/${order.id}`, { cookie: buyer.cookie, json: { status: 'completed' } }),
    );
    add('POST /api/orders/:id', () =>
      api(h.url, 'POST', `/api/orders/${order.id}`, { cookie: buyer.cookie, json: {} }),
    );
    add('DELETE /api/orders', () => api(h.url, 'DELETE', '/api/orders', { cookie: buyer.cookie }));

    const results = await Promise.all(requests.map(async (r) => ({ what: r.what, res: await r.send() })));

    expect(requests.length).toBeGreaterThanOrEqual(200);
    const serverErrors = results
      .filter((r) => r.res.status >= 500)
      .map((r) => `${r.what}: ${r.res.status} ${JSON.stringify(r.res.body)}`);
    expect(serverErrors).toEqual([]);
    const notClientErrors = results.filter((r) => r.res.status < 400).map((r) => `${r.what}: ${r.res.status}`);
    expect(notClientErrors).toEqual([]);
    const badShape = results
      .filter((r) => !Array.isArray(r.res.body?.errors))
      .map((r) => `${r.what}: ${JSON.stringify(r.res.body)}`);
    expect(badShape).toEqual([]);
    expect((await api(h.url, 'GET', `/api/orders/${order.id}`, { cookie: buyer.cookie })).body).toEqual(order);
  });

  test('When the list is asked with an operator in the query, then it is ignored and only my orders come back', async () => {
    const buyer = signIn();
    const ticket = await listTicket(h);
    await orderTicket(h, signIn().cookie, ticket.id);

    const res = await api(h.url, 'GET', '/api/orders?userId[$ne]=x', { cookie: buyer.cookie });

    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  // The list is paged now (DESIGN §16): a limit out of range is a bad query, named, not silently ignored.
  test('When the list is asked with a negative limit, then it is a 400 naming limit', async () => {
    const res = await api(h.url, 'GET', '/api/orders?limit=-1', { cookie: signIn().cookie });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [expect.objectContaining({ field: 'limit' })] });
  });
});
