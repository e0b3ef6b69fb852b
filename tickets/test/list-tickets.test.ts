import { OrderCompleted, OrderCreated } from '@ticketing/common';
import { eventually, publishEvent } from '@ticketing/testing';
import request from 'supertest';
import {
  createTicket,
  expectErrorShape,
  orderCreatedData,
  signIn,
  startTickets,
  type TicketsUnderTest,
} from './support';

let t: TicketsUnderTest;
beforeAll(async () => {
  t = await startTickets();
});
afterAll(() => t.stop());

type Listed = { id: string; status: string; version: number };

async function list(query = ''): Promise<Listed[]> {
  const res = await request(t.url).get(`/api/tickets${query}`);
  expect(res.status).toBe(200);
  return res.body as Listed[];
}

describe('GET /api/tickets', () => {
  test('When tickets were listed one after another, then they come newest first', async () => {
    const { cookie } = signIn();
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createTicket(t.url, cookie, { price: 10 + i }));

    const listed = await list('?limit=3');

    expect(listed).toEqual([made[2], made[1], made[0]]);
  });

  test('When limit is given, then at most that many come back; without it, 50', async () => {
    const { cookie } = signIn();
    for (let i = 0; i < 51; i++) await createTicket(t.url, cookie);

    const [byDefault, two, hundred] = await Promise.all([list(), list('?limit=2'), list('?limit=100')]);

    expect(byDefault).toHaveLength(50);
    expect(two).toHaveLength(2);
    expect(hundred.length).toBeGreaterThanOrEqual(51);
    expect(hundred.length).toBeLessThanOrEqual(100);
    expect(hundred.slice(0, 50)).toEqual(byDefault);
  });

  test('When paging with before=<id>, then each page continues after the previous one, with no overlap', async () => {
    const { cookie } = signIn();
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createTicket(t.url, cookie));
    const newestFirst = [...made].reverse().map((x) => x.id);

    const page1 = await list('?limit=2');
    const page2 = await list(`?limit=2&before=${page1[1]?.id}`);
    const page3 = await list(`?limit=1&before=${page2[1]?.id}`);

    expect([...page1, ...page2, ...page3].map((x) => x.id)).toEqual(newestFirst);
    const upper = await list(`?limit=2&before=${page1[1]?.id.toUpperCase()}`);
    expect(upper).toEqual(page2);
  });

  test('When tickets are available, reserved and sold, then each says so', async () => {
    const { cookie } = signIn();
    const available = await createTicket(t.url, cookie);
    const reserved = await createTicket(t.url, cookie);
    const sold = await createTicket(t.url, cookie);
    const reservation = orderCreatedData(reserved.id);
    const sale = orderCreatedData(sold.id);
    await publishEvent(t.bus, OrderCreated, reservation);
    await publishEvent(t.bus, OrderCreated, sale);
    await publishEvent(t.bus, OrderCompleted, { id: sale.id, version: 1, ticket: { id: sold.id } });

    const listed = await eventually(async () => {
      const page = await list('?limit=3');
      return page[0]?.status === 'sold' && page[1]?.status === 'reserved' ? page : undefined;
    }, 'list shows reserved and sold');

    expect(listed).toEqual([
      { ...sold, version: 2, orderId: sale.id, status: 'sold' },
      { ...reserved, version: 1, orderId: reservation.id, status: 'reserved' },
      available,
    ]);
  });

  test.each([
    'limit=0',
    'limit=101',
    'limit=abc',
    'limit=-1',
    'limit=1.5',
    'limit=',
    'limit=%201',
    'limit=1e1',
    'limit=1&limit=2',
    'before=notanid',
    'before=',
    'before=zzzzzzzzzzzzzzzzzzzzzzzz',
  ])('When the query is %s, then 400 naming the field', async (query) => {
    const res = await request(t.url).get(`/api/tickets?${query}`);

    expect(res.status).toBe(400);
    expectErrorShape(res.body);
    expect(res.body.errors[0].field).toBe(query.split('=')[0]);
  });
});
