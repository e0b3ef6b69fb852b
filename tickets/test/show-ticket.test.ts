import { newObjectId } from '@ticketing/common';
import request from 'supertest';
import { createTicket, expectErrorShape, signIn, startTickets, type TicketsUnderTest } from './support';

let t: TicketsUnderTest;
beforeAll(async () => {
  t = await startTickets();
});
afterAll(() => t.stop());

describe('GET /api/tickets/:id', () => {
  test('When the ticket exists, then 200 with it, signed in or not', async () => {
    const { cookie } = signIn();
    const ticket = await createTicket(t.url, cookie, { price: 40 });

    const anonymous = await request(t.url).get(`/api/tickets/${ticket.id}`);
    const signedIn = await request(t.url).get(`/api/tickets/${ticket.id}`).set('Cookie', signIn().cookie);

    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual(ticket);
    expect(signedIn.body).toEqual(ticket);
  });

  test('When the id is written in upper case, then the same ticket is found', async () => {
    const ticket = await createTicket(t.url, signIn().cookie);

    const res = await request(t.url).get(`/api/tickets/${ticket.id.toUpperCase()}`);

    expect(res.status).toBe(200);
    expect(res.body.id).toBe(ticket.id);
  });

  test('When no ticket has that id, then 404', async () => {
    const res = await request(t.url).get(`/api/tickets/${newObjectId()}`);

    expect(res.status).toBe(404);
    expectErrorShape(res.body);
    expect(res.body.errors[0].message).toBe('Ticket not found');
  });

  test.each(['abc', '123', 'zzzzzzzzzzzzzzzzzzzzzzzz', `${newObjectId()}0`, "'; drop table", '%24where'])(
    'When the id is malformed (%s), then 404',
    async (id) => {
      const res = await request(t.url).get(`/api/tickets/${id}`);

      expect(res.status).toBe(404);
      expectErrorShape(res.body);
    },
  );
});
