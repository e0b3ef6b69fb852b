import { newObjectId, TicketCreated } from '@ticketing/common';
import { nextEvent } from '@ticketing/testing';
import request from 'supertest';
import { expectErrorShape, getTicket, signIn, startTickets, uniqueTitle, type TicketsUnderTest } from './support';

let t: TicketsUnderTest;
beforeAll(async () => {
  t = await startTickets();
});
afterAll(() => t.stop());

describe('POST /api/tickets', () => {
  test('When signed out, then 401 and nothing is stored', async () => {
    const title = uniqueTitle();

    const res = await request(t.url).post('/api/tickets').send({ title, price: 20 });

    expect(res.status).toBe(401);
    expectErrorShape(res.body);
    const list = await request(t.url).get('/api/tickets?limit=100');
    expect(list.body.map((x: { title: string }) => x.title)).not.toContain(title);
  });

  test('When a signed-in user lists a ticket, then 201 with version 0, it reads back, and TicketCreated v0 is published', async () => {
    const { cookie, userId } = signIn();
    const title = uniqueTitle('Rock Concert');

    const res = await request(t.url).post('/api/tickets').set('Cookie', cookie).send({ title, price: 99.5 });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      title,
      price: 99.5,
      userId,
      version: 0,
      status: 'available',
    });
    expect(await getTicket(t.url, res.body.id)).toEqual(res.body);
    const listed = await request(t.url).get('/api/tickets');
    expect(listed.body[0]).toEqual(res.body);
    const event = await nextEvent(t.bus, TicketCreated, (d) => d.id === res.body.id);
    expect(event.data).toEqual({ id: res.body.id, version: 0, title, price: 99.5, userId });
  });

  test('When the title has surrounding spaces, then it is stored trimmed', async () => {
    const { cookie } = signIn();
    const title = uniqueTitle();

    const res = await request(t.url)
      .post('/api/tickets')
      .set('Cookie', cookie)
      .send({ title: `   ${title}\n `, price: 5 });

    expect(res.status).toBe(201);
    expect((await getTicket(t.url, res.body.id)).title).toBe(title);
  });

  test('When the body carries a forged userId, id, version or status, then they are ignored', async () => {
    const { cookie, userId } = signIn();
    const forged = { userId: newObjectId(), id: newObjectId(), version: 7, status: 'sold', orderId: newObjectId() };

    const res = await request(t.url)
      .post('/api/tickets')
      .set('Cookie', cookie)
      .send({ title: uniqueTitle(), price: 1, ...forged });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ userId, version: 0, status: 'available' });
    expect(res.body.id).not.toBe(forged.id);
    expect(res.body.orderId).toBeUndefined();
  });

  test.each([
    ['a 120-character title', { title: 'x'.repeat(120), price: 1 }],
    ['a one-character title', { title: 'x', price: 1 }],
    ["a price of 0.50 (the lowest, Stripe's minimum charge)", { title: 'cheap', price: 0.5 }],
    ['a price of 19.99', { title: 'cents', price: 19.99 }],
    ['a price of 100000', { title: 'dear', price: 100_000 }],
  ])('When the body has %s, then 201', async (_name, body) => {
    const { cookie } = signIn();

    const res = await request(t.url).post('/api/tickets').set('Cookie', cookie).send(body);

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject(body);
  });

  test.each([
    ['no title', { price: 10 }, 'title'],
    ['an empty title', { title: '', price: 10 }, 'title'],
    ['a blank title', { title: '   ', price: 10 }, 'title'],
    ['a 121-character title', { title: 'x'.repeat(121), price: 10 }, 'title'],
    ['a numeric title', { title: 42, price: 10 }, 'title'],
    ['no price', { title: 'Concert' }, 'price'],
    ['a zero price', { title: 'Concert', price: 0 }, 'price'],
    ["a price of 0.49 (below Stripe's minimum charge)", { title: 'Concert', price: 0.49 }, 'price'],
    ['a price of 0.01', { title: 'Concert', price: 0.01 }, 'price'],
    ['a negative price', { title: 'Concert', price: -10 }, 'price'],
    ['a price with 3 decimals', { title: 'Concert', price: 10.005 }, 'price'],
    ['a price above 100000', { title: 'Concert', price: 100_000.01 }, 'price'],
    ['a price as a string', { title: 'Concert', price: '10' }, 'price'],
    ['a null price', { title: 'Concert', price: null }, 'price'],
  ])('When the body has %s, then 400 naming the field', async (_name, body, field) => {
    const { cookie } = signIn();

    const res = await request(t.url).post('/api/tickets').set('Cookie', cookie).send(body);

    expect(res.status).toBe(400);
    expectErrorShape(res.body);
    expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
  });

  test('When both fields are bad, then 400 names both', async () => {
    const { cookie } = signIn();

    const res = await request(t.url).post('/api/tickets').set('Cookie', cookie).send({ title: '', price: -1 });

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['price', 'title']);
  });
});
