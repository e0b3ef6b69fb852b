import type { EventJson, EventPageJson } from '@ticketing/common';
import { eventually } from '@ticketing/testing';
import request from 'supertest';
import { createEvent, inSeconds } from '../event-support';
import { expectErrorShape, signIn, startTickets, type TicketsUnderTest } from '../support';

let t: TicketsUnderTest;
beforeAll(async () => {
  // Events may start a few seconds from now, so a test can see one start.
  t = await startTickets({ EVENTS_MIN_LEAD_SECONDS: '2' });
});
afterAll(() => t.stop());

let tags = 0;
/** A word no other test's events contain, to find just this test's events. */
function tag(): string {
  tags += 1;
  return `zq${process.pid}x${tags}x${Date.now()}`;
}

async function list(query: Record<string, string>): Promise<EventPageJson> {
  const res = await request(t.url).get('/api/events').query(query);
  if (res.status !== 200) throw new Error(`list events: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as EventPageJson;
}

const titles = (page: EventPageJson) => page.events.map((e) => e.title);

describe('GET /api/events', () => {
  test('When q has several words, then only events where every word begins a word of title, venue or city match, case and accents ignored', async () => {
    const { cookie } = signIn();
    const mark = tag();
    await createEvent(t.url, cookie, { title: `Rock Night ${mark}`, venue: 'Tempodrom', city: 'Berlin' });
    await createEvent(t.url, cookie, { title: `Rock Opera ${mark}`, venue: 'Zénith', city: 'Paris' });
    await createEvent(t.url, cookie, { title: `Jazz Night ${mark}`, venue: 'A-Trane', city: 'Berlin' });

    const rockBerlin = await list({ q: `ro BERL ${mark}` });
    const zenith = await list({ q: `ZEN ${mark}` });
    const night = await list({ q: `nig ${mark}` });
    const none = await list({ q: `rock jazz ${mark}` });
    const special = await list({ q: `.* ${mark}` });

    expect(titles(rockBerlin)).toEqual([`Rock Night ${mark}`]);
    expect(titles(zenith)).toEqual([`Rock Opera ${mark}`]);
    expect(titles(night).sort()).toEqual([`Jazz Night ${mark}`, `Rock Night ${mark}`]);
    expect(none.events).toEqual([]);
    expect(special.events).toHaveLength(3);
  });

  test('When filtered by category and city, then the city matches exactly, case and accents ignored', async () => {
    const { cookie } = signIn();
    const mark = tag();
    await createEvent(t.url, cookie, { title: `A ${mark}`, city: 'São Paulo', category: 'sports' });
    await createEvent(t.url, cookie, { title: `B ${mark}`, city: 'São Paulo', category: 'comedy' });
    await createEvent(t.url, cookie, { title: `C ${mark}`, city: 'São Paulo Norte', category: 'sports' });

    const page = await list({ q: mark, city: 'sao  PAULO', category: 'sports' });

    expect(titles(page)).toEqual([`A ${mark}`]);
  });

  test('When from and to are given, then only events starting between them are listed, by startsAt then id', async () => {
    const { cookie } = signIn();
    const mark = tag();
    const day = 86_400;
    for (const days of [12, 10, 11, 30]) {
      await createEvent(t.url, cookie, { title: `D${days} ${mark}`, startsAt: inSeconds(days * day) });
    }

    const page = await list({ q: mark, from: inSeconds(9 * day), to: inSeconds(20 * day) });

    expect(titles(page)).toEqual([`D10 ${mark}`, `D11 ${mark}`, `D12 ${mark}`]);
  });

  test('When the list is read page by page with the cursor, then every event shows once, in order, including ties on startsAt', async () => {
    const { cookie } = signIn();
    const mark = tag();
    const tie = inSeconds(15 * 86_400);
    const made: EventJson[] = [];
    for (let i = 0; i < 7; i++) {
      made.push(
        await createEvent(t.url, cookie, {
          title: `P${i} ${mark}`,
          startsAt: i < 4 ? tie : inSeconds((16 + i) * 86_400),
        }),
      );
    }

    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await list({ q: mark, limit: '3', ...(after && { after }) });
      seen.push(...page.events.map((e) => e.id));
      after = page.next;
      pages += 1;
    } while (after);

    const expected = [...made]
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id))
      .map((e) => e.id);
    expect(seen).toEqual(expected);
    expect(pages).toBe(3);
  });

  test('When an event has started, then the default list hides it and an earlier from shows it', async () => {
    const { cookie } = signIn();
    const mark = tag();
    const soon = await createEvent(t.url, cookie, { title: `Soon ${mark}`, startsAt: inSeconds(3) });
    expect(titles(await list({ q: mark }))).toEqual([`Soon ${mark}`]);

    await eventually(async () => (await list({ q: mark })).events.length === 0, 'started event hidden', {
      timeoutMs: 10_000,
    });

    const earlier = await list({ q: mark, from: inSeconds(-3600) });
    expect(earlier.events.map((e) => e.id)).toEqual([soon.id]);
  });

  test('When nothing is asked, then at most 20 events come back', async () => {
    const page = await list({});

    expect(page.events.length).toBeLessThanOrEqual(20);
  });

  test.each([
    ['limit', { limit: '0' }],
    ['limit', { limit: '101' }],
    ['limit', { limit: 'ten' }],
    ['limit', { limit: '-1' }],
    ['category', { category: 'opera' }],
    ['from', { from: 'yesterday' }],
    ['to', { to: '2027-13-45' }],
    ['from', { from: inSeconds(2 * 86_400), to: inSeconds(86_400) }],
    ['after', { after: 'not-a-cursor!' }],
    ['after', { after: Buffer.from('["x","y"]').toString('base64url') }],
    ['after', { after: Buffer.from('{"a":1}').toString('base64url') }],
    ['q', { q: 'x'.repeat(201) }],
    ['city', { city: 'c'.repeat(200) }],
  ])('When %s is bad (%j), then 400 naming it', async (field, query) => {
    const res = await request(t.url).get('/api/events').query(query);

    expect(res.status).toBe(400);
    expectErrorShape(res.body);
    expect(res.body.errors.map((e: { field?: string }) => e.field)).toContain(field);
  });

  test('When a parameter is repeated, then 400 naming it', async () => {
    const res = await request(t.url).get('/api/events?q=a&q=b');

    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('q');
  });
});
