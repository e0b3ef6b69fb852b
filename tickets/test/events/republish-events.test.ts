// `npm run republish -- events` (DESIGN §16), as the operator runs it: the built CLI (`npx tsc -b tickets` first) in a
// process of its own, against a running tickets' database and bus, logged in as tickets.
import path from 'node:path';
import { EventCreated } from '@ticketing/common';
import { busLoginEnv, eventsInStream, runNodeScript, testMongoUri } from '@ticketing/testing';
import request from 'supertest';
import { startTickets, type TicketsUnderTest } from '../support';
import { createEvent, inSeconds, signInAdmin } from '../event-support';

const entry = path.resolve(__dirname, '../../dist/republish-cli.js');

let t: TicketsUnderTest;
let mongoUri: string;

beforeAll(async () => {
  mongoUri = testMongoUri('tickets');
  t = await startTickets({ MONGO_URI: mongoUri });
});

afterAll(async () => {
  await t?.stop();
});

function republish(args: string[]) {
  return runNodeScript(entry, args, { MONGO_URI: mongoUri, NATS_URL: t.nats.url, ...busLoginEnv('tickets') });
}

describe('npm run republish -- events', () => {
  test('When it runs, then every scheduled event is published again as its creation published it, and a cancelled one is not', async () => {
    const admin = signInAdmin();
    const onSaleAt = inSeconds(86_400);
    const room = await createEvent(t.url, admin.cookie, { onSaleAt, waitingRoom: true, admitPerMinute: 500 });
    const plain = await createEvent(t.url, admin.cookie);
    const cancelled = await createEvent(t.url, admin.cookie);
    expect((await request(t.url).post(`/api/events/${cancelled.id}/cancel`).set('Cookie', admin.cookie)).status).toBe(
      200,
    );

    const run = await republish(['events']);

    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^republished \d+ events? as EventCreated/);
    for (const event of [room, plain]) {
      const published = await eventsInStream(t.bus, EventCreated, (data) => data.id === event.id);
      // The creation's, then the republished one: the same data.
      expect(published).toHaveLength(2);
      expect(published[1]!.data).toEqual(published[0]!.data);
    }
    expect((await eventsInStream(t.bus, EventCreated, (d) => d.id === room.id))[1]!.data).toMatchObject({
      onSaleAt,
      waitingRoom: true,
      admitPerMinute: 500,
    });
    expect(await eventsInStream(t.bus, EventCreated, (data) => data.id === cancelled.id)).toHaveLength(1);
  });

  test('When it is asked for anything but events, then it exits 2 with its usage', async () => {
    const run = await republish(['users']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage: npm run republish -- events');
  });
});
