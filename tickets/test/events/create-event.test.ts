import { EventCreated, type EventJson } from '@ticketing/common';
import { eventsInStream, nextEvent } from '@ticketing/testing';
import request from 'supertest';
import { createEvent, eventBody, inSeconds, signInAdmin } from '../event-support';
import { expectErrorShape, signIn, startTickets, uniqueTitle, type TicketsUnderTest } from '../support';

let t: TicketsUnderTest;
beforeAll(async () => {
  t = await startTickets();
});
afterAll(() => t.stop());

describe('POST /api/events', () => {
  test('When a signed-in user adds an event, then 201 with the event, GET shows it, and EventCreated is published', async () => {
    const { cookie, userId } = signIn();
    const body = eventBody({ category: 'sports' });

    const res = await request(t.url).post('/api/events').set('Cookie', cookie).send(body);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      title: body.title,
      venue: 'Olympiastadion',
      city: 'Berlin',
      startsAt: body.startsAt,
      category: 'sports',
      createdBy: userId,
      status: 'scheduled',
      waitingRoom: false,
      ticketsAvailable: 0,
      lowestPrice: null,
      version: 0,
    });
    expect((await request(t.url).get(`/api/events/${res.body.id}`)).body).toEqual(res.body);
    const published = await nextEvent(t.bus, EventCreated, (d) => d.id === res.body.id);
    expect(published.data).toEqual({
      id: res.body.id,
      version: 0,
      title: body.title,
      startsAt: body.startsAt,
      waitingRoom: false,
    });
  });

  test('When the same event is added again (other case, accents and seconds), then 200 with the first one', async () => {
    const startsAt = new Date(Date.now() + 5 * 86_400_000);
    startsAt.setUTCSeconds(10, 0);
    const title = uniqueTitle('Café Tacvba');
    const first = await createEvent(t.url, signIn().cookie, {
      title,
      venue: 'Velódromo',
      startsAt: startsAt.toISOString(),
    });
    const later = new Date(startsAt.getTime() + 30_000).toISOString();

    const res = await request(t.url)
      .post('/api/events')
      .set('Cookie', signIn().cookie)
      .send(
        eventBody({ title: `  ${title.toUpperCase().replace('CAFÉ', 'CAFE')} `, venue: 'velodromo', startsAt: later }),
      );

    expect(res.status).toBe(200);
    expect(res.body).toEqual(first);
  });

  test('When ten users add one event at once, then one 201 and nine 200 with the same event, and one EventCreated', async () => {
    const body = eventBody();

    const results = await Promise.all(
      Array.from({ length: 10 }, () => request(t.url).post('/api/events').set('Cookie', signIn().cookie).send(body)),
    );

    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const ids = new Set(results.map((r) => (r.body as EventJson).id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    await nextEvent(t.bus, EventCreated, (d) => d.id === id);
    expect(await eventsInStream(t.bus, EventCreated, (d) => d.title === body.title)).toHaveLength(1);
  });

  test('When an admin sets the on-sale rules, then they are stored and EventCreated carries them', async () => {
    const onSaleAt = inSeconds(86_400);

    const res = await request(t.url)
      .post('/api/events')
      .set('Cookie', signInAdmin().cookie)
      .send(eventBody({ onSaleAt, waitingRoom: true, admitPerMinute: 500, queueMinutes: 45 }));

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ onSaleAt, waitingRoom: true, admitPerMinute: 500, queueMinutes: 45 });
    const published = await nextEvent(t.bus, EventCreated, (d) => d.id === res.body.id);
    expect(published.data).toMatchObject({ onSaleAt, waitingRoom: true, admitPerMinute: 500, queueMinutes: 45 });
  });

  test.each([
    ['onSaleAt', { onSaleAt: inSeconds(86_400) }],
    ['waitingRoom', { waitingRoom: false }],
    ['admitPerMinute', { admitPerMinute: 100 }],
    ['queueMinutes', { queueMinutes: 30 }],
  ])('When a non-admin sets %s, then 403 naming it and nothing is stored', async (field, fields) => {
    const body = eventBody(fields);

    const res = await request(t.url).post('/api/events').set('Cookie', signIn().cookie).send(body);

    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String), field }] });
    const listed = await request(t.url)
      .get('/api/events')
      .query({ q: body.title as string });
    expect(listed.body.events).toEqual([]);
  });

  test('When an admin asks for a waiting room without an on-sale time, then 400 naming onSaleAt and nothing is stored', async () => {
    const body = eventBody({ waitingRoom: true, admitPerMinute: 500, queueMinutes: 45 });

    const res = await request(t.url).post('/api/events').set('Cookie', signInAdmin().cookie).send(body);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'A waiting room needs an on-sale time', field: 'onSaleAt' }] });
    const listed = await request(t.url)
      .get('/api/events')
      .query({ q: body.title as string });
    expect(listed.body.events).toEqual([]);
  });

  test('When signed out, then 401', async () => {
    const res = await request(t.url).post('/api/events').send(eventBody());

    expect(res.status).toBe(401);
  });

  test.each([
    ['title', { title: '' }],
    ['title', { title: '   ' }],
    ['title', { title: 'x'.repeat(200) }],
    ['title', { title: 42 }],
    ['venue', { venue: '' }],
    ['venue', { venue: 'v'.repeat(200) }],
    ['city', { city: '' }],
    ['city', { city: undefined }],
    ['category', { category: 'opera' }],
    ['category', { category: undefined }],
    ['startsAt', { startsAt: 'tomorrow' }],
    ['startsAt', { startsAt: inSeconds(-60) }],
    ['startsAt', { startsAt: inSeconds(600) }],
    ['startsAt', { startsAt: inSeconds(3 * 366 * 86_400) }],
    ['startsAt', { startsAt: 1_900_000_000_000 }],
    ['onSaleAt', { onSaleAt: inSeconds(20 * 86_400) }],
    ['onSaleAt', { onSaleAt: inSeconds(-3600) }],
    ['onSaleAt', { onSaleAt: 'soon' }],
    ['waitingRoom', { waitingRoom: 'yes' }],
    ['onSaleAt', { waitingRoom: true }],
    ['admitPerMinute', { admitPerMinute: 0 }],
    ['admitPerMinute', { admitPerMinute: 1.5 }],
    ['queueMinutes', { queueMinutes: 100_000 }],
  ])('When %s is bad (%j), then 400 naming it', async (field, fields) => {
    const res = await request(t.url).post('/api/events').set('Cookie', signInAdmin().cookie).send(eventBody(fields));

    expect(res.status).toBe(400);
    expectErrorShape(res.body);
    expect(res.body.errors.map((e: { field?: string }) => e.field)).toContain(field);
  });
});
