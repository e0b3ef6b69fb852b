// Hostile and broken input never reaches a query or Stripe as anything but a 4xx (STYLE: never a 500).
import { newObjectId } from '@ticketing/common';
import { startStripeFakeProbe, type StripeFakeProbe } from './support/stripe-fake-probe';
import { call, type Harness, newBuyer, placeOrder, type Reply, startPayments } from './support/payments-harness';

let fake: StripeFakeProbe;
let h: Harness;

beforeAll(async () => {
  fake = await startStripeFakeProbe();
  h = await startPayments(fake.url);
});

afterAll(async () => {
  await h?.stop();
  await fake?.close();
});

/** Runs `tasks` with at most `limit` in flight. */
async function bounded<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await (tasks[i] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

describe('POST /api/payments with malformed requests', () => {
  test('When 200+ malformed payment requests arrive, then each is a 4xx, none is a 5xx, and Stripe is never called', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);
    const huge = 'a'.repeat(9_000);
    const badOrderIds: unknown[] = [
      undefined,
      null,
      '',
      ' ',
      'abc',
      42,
      0,
      -1,
      1.5,
      true,
      false,
      [],
      [orderId],
      {},
      { $ne: null },
      { $gt: '' },
      { $where: 'sleep(1000)' },
      { $regex: '.*' },
      `${orderId} `,
      ` ${orderId}`,
      orderId.toUpperCase().slice(0, 23),
      `${orderId}0`,
      orderId.slice(0, 23),
      'zzzzzzzzzzzzzzzzzzzzzzzz',
      `${orderId}\u0000`,
      huge,
      '../../etc/passwd',
      "'; DROP TABLE orders; --",
      '{"$ne":null}',
      '__proto__',
      NaN,
      1e308,
    ];
    const badMethods: unknown[] = [
      undefined,
      null,
      '',
      'visa',
      'card_visa',
      'pm_',
      'pm_card visa',
      'pm_card_visa\n',
      'pm_card-visa',
      42,
      true,
      [],
      ['pm_card_visa'],
      {},
      { $ne: null },
      { id: 'pm_card_visa' },
      `pm_${huge.slice(0, 300)}`,
      `pm_card_visa${'\u202e'}`,
      '<script>alert(1)</script>',
    ];
    const bodies: unknown[] = [];
    // A bad order id with a good method, a good (own, payable) order id with a bad method, and both bad.
    for (const id of badOrderIds) bodies.push({ orderId: id, paymentMethod: 'pm_card_visa' });
    for (const method of badMethods) bodies.push({ orderId, paymentMethod: method });
    for (const id of badOrderIds)
      for (const method of badMethods.slice(0, 5)) bodies.push({ orderId: id, paymentMethod: method });
    const raw: Array<{ body: string; contentType?: string }> = [
      { body: '{' },
      { body: '{"orderId":' },
      { body: 'null' },
      { body: '[]' },
      { body: '"string"' },
      { body: '42' },
      { body: 'true' },
      { body: '{"orderId": NaN}' },
      { body: "{'orderId': 'x'}" },
      { body: '\u0000\u0001' },
      { body: JSON.stringify({ orderId, paymentMethod: 'pm_card_visa', pad: 'x'.repeat(20_000) }) },
      { body: `orderId=${orderId}&paymentMethod=pm_card_visa`, contentType: 'application/x-www-form-urlencoded' },
      { body: JSON.stringify({ orderId, paymentMethod: 'pm_card_visa' }), contentType: 'text/plain' },
      { body: JSON.stringify({ __proto__: { admin: true }, constructor: { prototype: {} }, orderId: 1 }) },
      {
        body: JSON.stringify({ orderId, paymentMethod: 'pm_card_visa' }),
        contentType: 'application/json; charset=latin1',
      },
    ];

    const replies: Reply[] = await bounded(
      [
        ...bodies.map((body) => () => call(h.base, 'POST', '/api/payments', { cookie: buyer.cookie, body })),
        ...raw.map((r) => () => call(h.base, 'POST', '/api/payments', { cookie: buyer.cookie, ...r })),
        // Unknown but well-formed order ids: 404, never a charge.
        ...Array.from(
          { length: 10 },
          () => () =>
            call(h.base, 'POST', '/api/payments', {
              cookie: buyer.cookie,
              body: { orderId: newObjectId(), paymentMethod: 'pm_card_visa' },
            }),
        ),
      ],
      10,
    );
    // The list's query string: a malformed orderId is 400; keys that are not `orderId` (the simple query parser
    // does not nest `orderId[$ne]`) are ignored, so that list is just mine.
    const lists = await bounded(
      [
        'orderId=x',
        'orderId[$ne]=1',
        'orderId=1&orderId=2',
        `orderId=${huge}`,
        'orderId=',
        'orderId[]=',
        'orderId=%00',
      ].map((q) => () => call(h.base, 'GET', `/api/payments?${q}`, { cookie: buyer.cookie })),
      4,
    );

    expect(replies.length).toBeGreaterThanOrEqual(200);
    const unexpected = replies
      .map((r, i) => ({ i, status: r.status, body: r.body }))
      .filter((r) => ![400, 404, 413, 415].includes(r.status) || !Array.isArray(r.body.errors));
    expect(unexpected).toEqual([]);
    expect(lists.map((r) => r.status)).toEqual([400, 200, 400, 400, 400, 200, 400]);
    expect(lists.filter((r) => r.status === 200).map((r) => r.body)).toEqual([[], []]);
    expect(fake.finished.filter((l) => l.path === '/v1/payment_intents')).toHaveLength(0);
    // The order is still payable: no malformed request claimed its charge.
    const paid = await call(h.base, 'POST', '/api/payments', {
      cookie: buyer.cookie,
      body: { orderId, paymentMethod: 'pm_card_visa' },
    });
    expect(paid.status).toBe(201);
  });
});
