import { OrderCreated } from '@ticketing/common';
import { eventually, publishEvent } from '@ticketing/testing';
import request from 'supertest';
import {
  createTicket,
  expectErrorShape,
  getTicket,
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

describe('GET /api/tickets/mine', () => {
  test('When a seller lists their tickets, then they get theirs only, newest first, each with its status', async () => {
    const seller = signIn();
    const other = signIn();
    const older = await createTicket(t.url, seller.cookie, { price: 10 });
    await createTicket(t.url, other.cookie);
    const newer = await createTicket(t.url, seller.cookie, { price: 30 });
    await publishEvent(t.bus, OrderCreated, orderCreatedData(newer.id, 30));
    await eventually(async () => (await getTicket(t.url, newer.id)).status === 'reserved', 'ticket reserved');

    const res = await request(t.url).get('/api/tickets/mine').set('Cookie', seller.cookie);

    expect(res.status).toBe(200);
    expect(res.body).toEqual([await getTicket(t.url, newer.id), older]);
    expect(res.body[0]).toMatchObject({ status: 'reserved', userId: seller.userId });
  });

  test('When limit and before are given, then the next page comes, as for the whole list', async () => {
    const seller = signIn();
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createTicket(t.url, seller.cookie));

    const page = await request(t.url)
      .get(`/api/tickets/mine?limit=1&before=${made[2]?.id}`)
      .set('Cookie', seller.cookie);

    expect(page.body).toEqual([made[1]]);
  });

  test('When the seller has no tickets, then an empty list', async () => {
    const res = await request(t.url).get('/api/tickets/mine').set('Cookie', signIn().cookie);

    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  test('When nobody is signed in, then 401', async () => {
    const res = await request(t.url).get('/api/tickets/mine');

    expect(res.status).toBe(401);
    expectErrorShape(res.body);
  });

  test('When the query is bad, then 400 naming the field', async () => {
    const res = await request(t.url).get('/api/tickets/mine?limit=0').set('Cookie', signIn().cookie);

    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('limit');
  });
});
