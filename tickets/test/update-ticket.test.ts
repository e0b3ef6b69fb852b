import { newObjectId, OrderCreated, TicketUpdated } from '@ticketing/common';
import { eventsInStream, eventually, nextEvent, publishEvent } from '@ticketing/testing';
import request from 'supertest';
import {
  byVersion,
  createTicket,
  expectErrorShape,
  getTicket,
  orderCreatedData,
  outboxFlushed,
  signIn,
  startTickets,
  uniqueTitle,
  type TicketsUnderTest,
} from './support';

let t: TicketsUnderTest;
beforeAll(async () => {
  t = await startTickets();
});
afterAll(() => t.stop());

describe('PUT /api/tickets/:id', () => {
  test('When the seller edits title and price, then 200 at version 1, it reads back, and TicketUpdated v1 has the new price', async () => {
    const { cookie, userId } = signIn();
    const ticket = await createTicket(t.url, cookie, { price: 20 });
    const title = uniqueTitle('Classical Concert');

    const res = await request(t.url)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', cookie)
      .send({ title, price: 35.5 });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: ticket.id, title, price: 35.5, userId, version: 1, status: 'available' });
    expect(await getTicket(t.url, ticket.id)).toEqual(res.body);
    const listed = await eventually(async () => {
      const list = await request(t.url).get('/api/tickets?limit=100');
      return list.body.find((x: { id: string; version: number }) => x.id === ticket.id && x.version === 1);
    }, 'the list shows version 1');
    expect(listed).toEqual(res.body);
    const event = await nextEvent(t.bus, TicketUpdated, (d) => d.id === ticket.id);
    expect(event.data).toEqual({ id: ticket.id, version: 1, title, price: 35.5, userId, sold: false });
  });

  test('When the seller edits twice, then TicketUpdated v1 and v2 are each published once', async () => {
    const { cookie } = signIn();
    const ticket = await createTicket(t.url, cookie);

    const first = await request(t.url)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', cookie)
      .send({ title: 'One', price: 11 });
    const second = await request(t.url)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', cookie)
      .send({ title: 'Two', price: 12 });

    expect([first.body.version, second.body.version]).toEqual([1, 2]);
    await outboxFlushed(ticket.id);
    const events = await eventsInStream(t.bus, TicketUpdated, (d) => d.id === ticket.id);
    expect(byVersion(events).map((e) => [e.data.version, e.data.price])).toEqual([
      [1, 11],
      [2, 12],
    ]);
  });

  test('When signed out, then 401 and the ticket is unchanged', async () => {
    const ticket = await createTicket(t.url, signIn().cookie);

    const res = await request(t.url).put(`/api/tickets/${ticket.id}`).send({ title: 'Mine now', price: 1 });

    expect(res.status).toBe(401);
    expectErrorShape(res.body);
    expect(await getTicket(t.url, ticket.id)).toEqual(ticket);
  });

  test('When another user edits the ticket, then 403 and the ticket is unchanged', async () => {
    const ticket = await createTicket(t.url, signIn().cookie);

    const res = await request(t.url)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', signIn().cookie)
      .send({ title: 'Mine', price: 1 });

    expect(res.status).toBe(403);
    expectErrorShape(res.body);
    expect(await getTicket(t.url, ticket.id)).toEqual(ticket);
  });

  test('When another user edits a reserved ticket, then 403 (ownership is checked before the reservation)', async () => {
    const ticket = await createTicket(t.url, signIn().cookie);
    const order = orderCreatedData(ticket.id);
    await publishEvent(t.bus, OrderCreated, order);
    await eventually(async () => (await getTicket(t.url, ticket.id)).status === 'reserved', 'ticket reserved');

    const res = await request(t.url)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', signIn().cookie)
      .send({ title: 'Mine', price: 1 });

    expect(res.status).toBe(403);
  });

  test('When no ticket has that id, then 404', async () => {
    const res = await request(t.url)
      .put(`/api/tickets/${newObjectId()}`)
      .set('Cookie', signIn().cookie)
      .send({ title: 'x', price: 1 });

    expect(res.status).toBe(404);
    expectErrorShape(res.body);
  });

  test('When the id is malformed, then 404', async () => {
    const res = await request(t.url)
      .put('/api/tickets/not-an-id')
      .set('Cookie', signIn().cookie)
      .send({ title: 'x', price: 1 });

    expect(res.status).toBe(404);
    expectErrorShape(res.body);
  });

  test.each([
    ['an empty body', {}, ['price', 'title']],
    ['a blank title', { title: ' ', price: 10 }, ['title']],
    ['a 121-character title', { title: 'y'.repeat(121), price: 10 }, ['title']],
    ['no price', { title: 'Concert' }, ['price']],
    ['a negative price', { title: 'Concert', price: -1 }, ['price']],
    ['a price below $0.50', { title: 'Concert', price: 0.25 }, ['price']],
    ['a price with 3 decimals', { title: 'Concert', price: 1.234 }, ['price']],
    ['a price above 100000', { title: 'Concert', price: 100_001 }, ['price']],
  ])(
    'When the seller sends %s, then 400 naming the fields and the ticket is unchanged',
    async (_name, body, fields) => {
      const { cookie } = signIn();
      const ticket = await createTicket(t.url, cookie);

      const res = await request(t.url).put(`/api/tickets/${ticket.id}`).set('Cookie', cookie).send(body);

      expect(res.status).toBe(400);
      expectErrorShape(res.body);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(fields);
      expect(await getTicket(t.url, ticket.id)).toEqual(ticket);
    },
  );

  test('When the seller edits a reserved ticket, then 409 and nothing is stored', async () => {
    const { cookie } = signIn();
    const ticket = await createTicket(t.url, cookie);
    await publishEvent(t.bus, OrderCreated, orderCreatedData(ticket.id));
    const reserved = await eventually(async () => {
      const now = await getTicket(t.url, ticket.id);
      return now.status === 'reserved' ? now : undefined;
    }, 'ticket reserved');

    const res = await request(t.url)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', cookie)
      .send({ title: 'Cheaper', price: 1 });

    expect(res.status).toBe(409);
    expectErrorShape(res.body);
    expect(await getTicket(t.url, ticket.id)).toEqual(reserved);
  });
});
