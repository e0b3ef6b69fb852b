import { newObjectId, OrderCreated, TicketCreated, TicketUpdated, type EventTicketsPageJson } from '@ticketing/common';
import { eventually, nextEvent, publishEvent } from '@ticketing/testing';
import request from 'supertest';
import { createEvent, getEvent, inSeconds, listForEvent } from '../event-support';
import {
  createTicket,
  expectErrorShape,
  getTicket,
  orderCreatedData,
  signIn,
  startTickets,
  type TicketsUnderTest,
} from '../support';

let t: TicketsUnderTest;
beforeAll(async () => {
  t = await startTickets({ EVENTS_MIN_LEAD_SECONDS: '2' });
});
afterAll(() => t.stop());

describe('POST /api/tickets with an eventId', () => {
  test('When a seller lists a ticket for an event, then the ticket carries the event, and TicketCreated its title and dates', async () => {
    const event = await createEvent(t.url, signIn().cookie);
    const { cookie } = signIn();

    const ticket = await listForEvent(t.url, cookie, event.id, { title: 'Section 112, Row F', price: 75 });

    expect(ticket).toMatchObject({
      title: 'Section 112, Row F',
      price: 75,
      status: 'available',
      event: {
        id: event.id,
        title: event.title,
        venue: event.venue,
        city: event.city,
        startsAt: event.startsAt,
        status: 'scheduled',
      },
    });
    expect(await getTicket(t.url, ticket.id)).toEqual(ticket);
    const created = await nextEvent(t.bus, TicketCreated, (d) => d.id === ticket.id);
    // Its title too: what orders' door shows on entry (DESIGN §12).
    expect(created.data.event).toEqual({
      id: event.id,
      title: event.title,
      startsAt: event.startsAt,
      waitingRoom: false,
    });
  });

  test('When the eventId names no event or is malformed, then 400 naming eventId', async () => {
    const { cookie } = signIn();

    const unknown = await request(t.url)
      .post('/api/tickets')
      .set('Cookie', cookie)
      .send({ title: 'Seat', price: 10, eventId: newObjectId() });
    const malformed = await request(t.url)
      .post('/api/tickets')
      .set('Cookie', cookie)
      .send({ title: 'Seat', price: 10, eventId: 'x' });

    for (const res of [unknown, malformed]) {
      expect(res.status).toBe(400);
      expectErrorShape(res.body);
      expect(res.body.errors[0].field).toBe('eventId');
    }
  });

  test('When the event has started, then listing and editing its tickets is 409 "The event has started"', async () => {
    const event = await createEvent(t.url, signIn().cookie, { startsAt: inSeconds(3) });
    const { cookie } = signIn();
    const ticket = await listForEvent(t.url, cookie, event.id);

    await eventually(() => Date.now() > Date.parse(event.startsAt), 'the event started', { timeoutMs: 10_000 });

    const started = await request(t.url)
      .post('/api/tickets')
      .set('Cookie', cookie)
      .send({ title: 'Seat', price: 10, eventId: event.id });
    const edit = await request(t.url)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', cookie)
      .send({ title: 'Seat', price: 99 });

    expect(started.status).toBe(409);
    expect(started.body).toEqual({ errors: [{ message: 'The event has started' }] });
    expect(edit.status).toBe(409);
    expect(edit.body).toEqual({ errors: [{ message: 'The event has started' }] });
    expect((await getTicket(t.url, ticket.id)).price).toBe(50);
  });

  test('When a ticket is listed without an event, then it has no event, as the seed listed it', async () => {
    const ticket = await createTicket(t.url, signIn().cookie);

    expect(ticket).not.toHaveProperty('event');
    const created = await nextEvent(t.bus, TicketCreated, (d) => d.id === ticket.id);
    expect(created.data).not.toHaveProperty('event');
  });
});

describe('GET /api/events/:id/tickets', () => {
  test('When an event has listings, then the available ones come cheapest first, paged by the cursor, without reserved ones', async () => {
    const event = await createEvent(t.url, signIn().cookie);
    const { cookie } = signIn();
    const prices = [40, 25, 60, 25, 10];
    const listed = [];
    for (const price of prices) listed.push(await listForEvent(t.url, cookie, event.id, { price }));
    const reserved = listed[2]!;
    await publishEvent(t.bus, OrderCreated, orderCreatedData(reserved.id, 60));
    await nextEvent(t.bus, TicketUpdated, (d) => d.id === reserved.id && d.orderId !== undefined);

    const first = (await request(t.url).get(`/api/events/${event.id}/tickets`).query({ limit: '2' }))
      .body as EventTicketsPageJson;
    const second = (
      await request(t.url).get(`/api/events/${event.id}/tickets`).query({ limit: '2', after: first.next! })
    ).body as EventTicketsPageJson;

    expect(first.tickets.map((x) => x.price)).toEqual([10, 25]);
    expect(second.tickets.map((x) => x.price)).toEqual([25, 40]);
    expect(second.next).toBeUndefined();
    const tied = listed
      .filter((x) => x.price === 25)
      .map((x) => x.id)
      .sort();
    expect([first.tickets[1]!.id, second.tickets[0]!.id]).toEqual(tied);
    expect(first.tickets[0]!.event?.id).toBe(event.id);
  });

  test('When the event is unknown or the id malformed, then 404; a bad limit or cursor, then 400 naming it', async () => {
    const event = await createEvent(t.url, signIn().cookie);

    const unknown = await request(t.url).get(`/api/events/${newObjectId()}/tickets`);
    const malformed = await request(t.url).get('/api/events/nope/tickets');
    const badLimit = await request(t.url).get(`/api/events/${event.id}/tickets?limit=500`);
    const badAfter = await request(t.url).get(
      `/api/events/${event.id}/tickets?after=${Buffer.from('["a","b"]').toString('base64url')}`,
    );

    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors[0].field).toBe('limit');
    expect(badAfter.status).toBe(400);
    expect(badAfter.body.errors[0].field).toBe('after');
  });
});

describe('GET /api/events/:id', () => {
  test('When the id is unknown or malformed, then 404', async () => {
    for (const id of [newObjectId(), 'nope', '%zz']) {
      const res = await request(t.url).get(`/api/events/${id}`);
      expect(res.status).toBe(404);
      expectErrorShape(res.body);
    }
  });

  test('When tickets are listed for an event, then its summary says how many are on sale and the lowest price', async () => {
    const event = await createEvent(t.url, signIn().cookie);
    const { cookie } = signIn();
    await listForEvent(t.url, cookie, event.id, { price: 30 });
    await listForEvent(t.url, cookie, event.id, { price: 12.5 });

    const shown = await eventually(async () => {
      const now = await getEvent(t.url, event.id);
      return now.ticketsAvailable === 2 ? now : undefined;
    }, 'summary of two listings');

    expect(shown.lowestPrice).toBe(12.5);
  });
});
