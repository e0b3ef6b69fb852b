import { EventCancelled, newObjectId, TicketUpdated } from '@ticketing/common';
import { eventsInStream, eventually, nextEvent, settled } from '@ticketing/testing';
import request from 'supertest';
import { Ticket, tickets } from '../../src/models/ticket';
import { withdrawIfEventCancelled } from '../../src/models/withdraw-listings';
import { createEvent, getEvent, inSeconds, listForEvent, signInAdmin } from '../event-support';
import { expectErrorShape, getTicket, signIn, startTickets, type TicketsUnderTest } from '../support';

let t: TicketsUnderTest;
beforeAll(async () => {
  t = await startTickets({ EVENTS_MIN_LEAD_SECONDS: '2' });
});
afterAll(() => t.stop());

const cancel = (id: string, cookie: string) =>
  request(t.url).post(`/api/events/${id}/cancel`).set('Cookie', cookie).send({});

describe('POST /api/events/:id/cancel', () => {
  test('When an admin cancels an event twice, then both answer the cancelled event and one EventCancelled is published', async () => {
    const event = await createEvent(t.url, signIn().cookie);
    const admin = signInAdmin().cookie;

    const first = await cancel(event.id, admin);
    const second = await cancel(event.id, admin);

    expect(first.status).toBe(200);
    expect(first.body).toEqual({ ...event, status: 'cancelled', version: 1 });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect((await getEvent(t.url, event.id)).status).toBe('cancelled');
    await nextEvent(t.bus, EventCancelled, (d) => d.id === event.id);
    await settled(t.bus, 'tickets-event-cancelled');
    expect(await eventsInStream(t.bus, EventCancelled, (d) => d.id === event.id)).toEqual([
      expect.objectContaining({ data: { id: event.id, version: 1 } }),
    ]);
  });

  test('When an event is cancelled, then its listings are withdrawn, its summary empties, and listing or editing is 409', async () => {
    const event = await createEvent(t.url, signIn().cookie);
    const { cookie } = signIn();
    const ticket = await listForEvent(t.url, cookie, event.id, { price: 20 });
    await eventually(async () => (await getEvent(t.url, event.id)).ticketsAvailable === 1, 'summary of one');

    await cancel(event.id, signInAdmin().cookie);

    const withdrawn = await nextEvent(t.bus, TicketUpdated, (d) => d.id === ticket.id && d.withdrawn === true);
    expect(withdrawn.data).toMatchObject({ version: 1, withdrawn: true, event: { id: event.id } });
    expect(await getTicket(t.url, ticket.id)).toMatchObject({ status: 'withdrawn', event: { status: 'cancelled' } });
    const summary = await eventually(async () => {
      const now = await getEvent(t.url, event.id);
      return now.ticketsAvailable === 0 ? now : undefined;
    }, 'summary emptied');
    expect(summary.lowestPrice).toBeNull();
    const listing = await request(t.url)
      .post('/api/tickets')
      .set('Cookie', cookie)
      .send({ title: 'Seat', price: 5, eventId: event.id });
    expect(listing.status).toBe(409);
    expect(listing.body).toEqual({ errors: [{ message: 'The event was cancelled' }] });
    const edit = await request(t.url)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', cookie)
      .send({ title: 'Seat', price: 5 });
    expect(edit.status).toBe(409);
    expect((await request(t.url).get(`/api/events/${event.id}/tickets`)).body.tickets).toEqual([]);
  });

  test('When listings race the cancellation, then every ticket stored for the event ends withdrawn, whatever each listing was answered', async () => {
    const event = await createEvent(t.url, signIn().cookie);
    const { cookie } = signIn();

    const [answers] = await Promise.all([
      Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          request(t.url)
            .post('/api/tickets')
            .set('Cookie', cookie)
            .send({ title: `Seat ${i}`, price: 10, eventId: event.id }),
        ),
      ),
      cancel(event.id, signInAdmin().cookie),
    ]);
    await settled(t.bus, 'tickets-event-cancelled', 30_000);

    expect(answers.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const stored = await Ticket.find({ 'event.id': event.id }, { withdrawn: 1 }).lean();
    expect(stored.length).toBeGreaterThanOrEqual(answers.filter((r) => r.status === 201).length);
    expect(stored.filter((x) => x.withdrawn !== true)).toEqual([]);
  });

  test('When a listing is stored after the cancellation withdrew the others, then its own second look withdraws it', async () => {
    const event = await createEvent(t.url, signIn().cookie);
    await cancel(event.id, signInAdmin().cookie);
    await settled(t.bus, 'tickets-event-cancelled', 30_000);
    // A request that read the event while it was open, and inserts only now, after the withdrawal's search.
    const id = newObjectId();
    const stored = { _id: id, title: 'Late seat', price: 10, userId: newObjectId() };
    const snapshot = { id: event.id, title: event.title, venue: event.venue, city: event.city, waitingRoom: false };
    await tickets.insert({
      ...stored,
      event: { ...snapshot, startsAt: new Date(event.startsAt), status: 'scheduled' },
    });

    const cancelled = await withdrawIfEventCancelled(id, event.id);

    expect(cancelled).toBe(true);
    expect(await getTicket(t.url, id)).toMatchObject({
      status: 'withdrawn',
      version: 1,
      event: { status: 'cancelled' },
    });
    const update = await nextEvent(t.bus, TicketUpdated, (d) => d.id === id);
    expect(update.data).toMatchObject({ version: 1, withdrawn: true });
  });

  test('When the event has started, then 409 and it stays scheduled', async () => {
    const event = await createEvent(t.url, signIn().cookie, { startsAt: inSeconds(3) });

    await eventually(() => Date.now() > Date.parse(event.startsAt), 'the event started', { timeoutMs: 10_000 });

    const res = await cancel(event.id, signInAdmin().cookie);

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'The event has started' }] });
    expect((await getEvent(t.url, event.id)).status).toBe('scheduled');
  });

  test('When a non-admin, a signed-out user, an unknown or a malformed id asks, then 403, 401, 404, 404', async () => {
    const event = await createEvent(t.url, signIn().cookie);

    const notAdmin = await cancel(event.id, signIn().cookie);
    const signedOut = await request(t.url).post(`/api/events/${event.id}/cancel`).send({});
    const unknown = await cancel(newObjectId(), signInAdmin().cookie);
    const malformed = await cancel('nope', signInAdmin().cookie);

    expect([notAdmin.status, signedOut.status, unknown.status, malformed.status]).toEqual([403, 401, 404, 404]);
    for (const res of [notAdmin, signedOut, unknown, malformed]) expectErrorShape(res.body);
    expect((await getEvent(t.url, event.id)).status).toBe('scheduled');
  });
});
