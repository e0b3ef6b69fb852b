import fc from 'fast-check';
import request from 'supertest';
import { createEvent, eventBody, signInAdmin } from '../event-support';
import { expectErrorShape, signIn, startTickets, type TicketsUnderTest } from '../support';

// DESIGN §12's routes under generated input (fast-check): whatever the query, body or id, the answer is a success or
// a 4xx in the error shape of DESIGN §3, never a 5xx. The hand-written table of malformed-requests.test.ts names the
// cases we thought of; this finds the ones we did not. A failure prints the smallest input that breaks the rule.

let t: TicketsUnderTest;
let eventId: string;
const seller = signIn();
const admin = signInAdmin();
const RUNS = { numRuns: 80 };

beforeAll(async () => {
  t = await startTickets();
  eventId = (await createEvent(t.url, seller.cookie)).id;
});
afterAll(() => t.stop());

/** A value a client might send where a string, number, date or flag is expected, and many it should not. */
const anyValue = fc.oneof(
  fc.string(),
  fc.integer().map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('concert', 'festival', 'Berlin', '', ' ', '%', '$gt', 'null', '1e999', '-1', '0', '101'),
  fc.base64String(),
);
const queryKeys = fc.constantFrom('q', 'category', 'city', 'from', 'to', 'limit', 'after', 'other');
const anyQuery = fc.dictionary(queryKeys, anyValue, { maxKeys: 5 });
/** JSON bodies: the event's own fields with any JSON value, plus strangers. */
const bodyKeys = fc.constantFrom(
  'title',
  'venue',
  'city',
  'startsAt',
  'category',
  'onSaleAt',
  'waitingRoom',
  'admitPerMinute',
  'queueMinutes',
  '__proto__',
  'status',
);
const anyBody = fc.oneof(
  fc.dictionary(bodyKeys, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 9 }),
  // A valid body with one field replaced: closest to what gets past the first checks.
  fc.tuple(bodyKeys, fc.jsonValue({ maxDepth: 1 })).map(([key, value]) => ({ ...eventBody(), [key]: value })),
);
const anyId = fc.oneof(fc.string({ minLength: 1 }), fc.stringMatching(/^[0-9a-f]{24}$/));

function expectAnswered(status: number, body: unknown, allowed: number[]): void {
  expect(allowed).toContain(status);
  if (status >= 400) expectErrorShape(body);
}

describe('the events catalogue under generated input', () => {
  test('When GET /api/events gets any query, then 200 or 400 in the error shape', async () => {
    await fc.assert(
      fc.asyncProperty(anyQuery, async (query) => {
        const res = await request(t.url).get('/api/events').query(query);
        expectAnswered(res.status, res.body, [200, 400]);
      }),
      RUNS,
    );
  });

  test('When POST /api/events gets any JSON body, then 200, 201, 400 or 403 in the error shape', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, fc.boolean(), async (body, asAdmin) => {
        const res = await request(t.url)
          .post('/api/events')
          .set('Cookie', (asAdmin ? admin : seller).cookie)
          .send(body);
        expectAnswered(res.status, res.body, [200, 201, 400, 403]);
      }),
      RUNS,
    );
  });

  test('When an event route gets any id, then 200 or 404 in the error shape, and an admin cancelling an unknown id 404', async () => {
    await fc.assert(
      fc.asyncProperty(anyId, anyQuery, async (id, query) => {
        const path = `/api/events/${encodeURIComponent(id)}`;
        const shown = await request(t.url).get(path);
        const tickets = await request(t.url).get(`${path}/tickets`).query(query);
        const cancelled = await request(t.url).post(`${path}/cancel`).set('Cookie', admin.cookie).send({});
        expectAnswered(shown.status, shown.body, [200, 404]);
        expectAnswered(tickets.status, tickets.body, [200, 400, 404]);
        expectAnswered(cancelled.status, cancelled.body, [404]);
      }),
      RUNS,
    );
  });

  test('When POST /api/tickets gets any eventId, then 201, 400 or 409 in the error shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyId, fc.jsonValue({ maxDepth: 1 })), async (id) => {
        const res = await request(t.url)
          .post('/api/tickets')
          .set('Cookie', seller.cookie)
          .send({ eventId: id, title: 'Row A', price: 20 });
        expectAnswered(res.status, res.body, [201, 400, 409]);
      }),
      RUNS,
    );
  });

  test("When an event's tickets are asked with any query, then 200 or 400 in the error shape", async () => {
    await fc.assert(
      fc.asyncProperty(anyQuery, async (query) => {
        const res = await request(t.url).get(`/api/events/${eventId}/tickets`).query(query);
        expectAnswered(res.status, res.body, [200, 400]);
      }),
      RUNS,
    );
  });
});
