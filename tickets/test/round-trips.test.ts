// DESIGN §6: "A request path does as few round trips as it can", counted with the driver's command monitoring.
import { recordDatabaseCommands } from '@ticketing/testing';
import request from 'supertest';
import { createTicket, signIn, startTickets, type TicketsUnderTest } from './support';

let t: TicketsUnderTest;
beforeAll(async () => {
  t = await startTickets();
});
afterAll(() => t.stop());

describe('database round trips', () => {
  test('When a seller lists a ticket, then the request does 2 database operations', async () => {
    const { cookie } = signIn();

    const { commands } = await recordDatabaseCommands(() => createTicket(t.url, cookie));

    // The outbox's pending marker (DESIGN §16: the relay's working set), then the ticket and its TicketCreated in
    // one insert.
    expect(commands).toEqual(['update tickets_outbox_pending', 'insert tickets']);
  });

  test('When a seller edits a ticket, then the request does 3 database operations', async () => {
    const { cookie } = signIn();
    const ticket = await createTicket(t.url, cookie);

    const { result, commands } = await recordDatabaseCommands(() =>
      request(t.url).put(`/api/tickets/${ticket.id}`).set('Cookie', cookie).send({ title: 'New', price: 12 }),
    );

    expect(result.status).toBe(200);
    // Read it, stamp its pending marker, then one conditional update on its version with the TicketUpdated.
    expect(commands).toEqual(['find tickets', 'update tickets_outbox_pending', 'findAndModify tickets']);
  });

  test('When anyone shows a ticket, then the request does 1 database operation', async () => {
    const ticket = await createTicket(t.url, signIn().cookie);

    const { commands } = await recordDatabaseCommands(() => request(t.url).get(`/api/tickets/${ticket.id}`));

    expect(commands).toEqual(['find tickets']);
  });
});
