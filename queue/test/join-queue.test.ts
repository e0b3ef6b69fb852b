import {
  EventCancelled,
  EventCreated,
  newObjectId,
  passAdmits,
  type QueueStatusJson,
  signSessionToken,
  TicketCreated,
  TicketUpdated,
  verifyQueuePass,
} from '@ticketing/common';
import { eventually, openEventStream, publishEvent, TEST_JWT_KEY, type ReceivedEvent } from '@ticketing/testing';
import { TEST_QUEUE_PASS_KEY, useQueueService } from './support/harness';
import { buyer, publishRoom, queueCall, roomEventData, roomTicketData } from './support/queue-fixtures';

const h = useQueueService();

const join = (eventId: string, who?: { cookie: string }) => queueCall(h.url, 'POST', `/api/queue/${eventId}`, who);
const status = (eventId: string, who?: { cookie: string }) => queueCall(h.url, 'GET', `/api/queue/${eventId}`, who);

describe('POST /api/queue/:eventId', () => {
  test('When a buyer joins before onSaleAt, then they are in the pre-queue without a position, and joining again changes nothing', async () => {
    const event = await publishRoom(h.bus, h.url, roomEventData(60_000));
    const alice = buyer();

    const first = await join(event.id, alice);
    const again = await join(event.id, alice);

    expect(first).toEqual({ status: 200, body: { status: 'prequeue', onSaleAt: event.onSaleAt } });
    expect(again).toEqual(first);
    expect(await status(event.id, alice)).toEqual(first);
  });

  test('When the on-sale comes, then the pre-queue gets positions 1..n and later joiners come after them, first come first placed', async () => {
    const event = await publishRoom(h.bus, h.url, roomEventData(1_500, { admitPerMinute: 1 }));
    const early = [buyer(), buyer(), buyer()];
    for (const who of early) expect((await join(event.id, who)).body.status).toBe('prequeue');
    await eventually(() => Date.now() > Date.parse(event.onSaleAt!) + 50, 'onSaleAt passed');

    const late1 = await join(event.id, buyer());
    const late2 = await join(event.id, buyer());

    const positions = await Promise.all(early.map(async (who) => (await status(event.id, who)).body.position));
    expect([...positions].sort()).toEqual([1, 2, 3]);
    expect(late1.body).toMatchObject({ status: 'waiting', position: 4 });
    expect(late2.body).toMatchObject({ status: 'waiting', position: 5 });
    // One admission a minute: nobody is admitted within the test, and the wait is the people ahead at that rate.
    expect(late2.body).toMatchObject({ ahead: 4, estimatedWaitSeconds: 240 });
  });

  test('When a buyer is admitted, then the pass verifies with the pass key, is bound to them and the event, expires after PASS_MINUTES, and joining again after that is a new place at the back', async () => {
    const event = await publishRoom(h.bus, h.url, roomEventData(-1_000));
    const alice = buyer();
    const bob = buyer();

    await join(event.id, alice);
    const admitted = await eventually(async () => {
      const s = await status(event.id, alice);
      return s.body.status === 'admitted' ? s.body : undefined;
    }, 'alice admitted');

    const pass = verifyQueuePass(admitted.pass, TEST_QUEUE_PASS_KEY);
    expect(pass).toMatchObject({ userId: alice.id, eventId: event.id, id: `${event.id}:${String(admitted.position)}` });
    expect(passAdmits(pass, alice.id, event.id)).toBe(true);
    expect(passAdmits(pass, bob.id, event.id)).toBe(false);
    expect(passAdmits(pass, alice.id, newObjectId())).toBe(false);
    // A pass is never a session nor a session a pass: each key and audience is its own.
    expect(verifyQueuePass(admitted.pass, TEST_JWT_KEY)).toBeNull();
    expect(
      verifyQueuePass(signSessionToken({ id: alice.id, email: 'a@test.dev' }, TEST_JWT_KEY), TEST_JWT_KEY),
    ).toBeNull();
    const passMs = Date.parse(admitted.passExpiresAt as string) - Date.now();
    expect(passMs).toBeGreaterThan(0);
    expect(passMs).toBeLessThanOrEqual(1_200);
    // The same admission keeps its pass id at every read.
    const reread = verifyQueuePass((await status(event.id, alice)).body.pass, TEST_QUEUE_PASS_KEY);
    expect(reread?.id).toBe(pass?.id);

    await join(event.id, bob);
    const expired = await eventually(
      async () => {
        const s = await status(event.id, alice);
        return s.body.status === 'expired' ? s.body : undefined;
      },
      'alice’s pass expired',
      { timeoutMs: 3_000 },
    );
    expect(expired).toMatchObject({ position: admitted.position, passExpiresAt: admitted.passExpiresAt });
    expect(expired.pass).toBeUndefined();
    const rejoined = await join(event.id, alice);

    expect(rejoined.status).toBe(200);
    const bobPlace = (await status(event.id, bob)).body.position as number;
    expect(rejoined.body.position).toBeGreaterThan(bobPlace);
  });

  test('When the id is malformed, the event unknown or without a room, or the buyer signed out, then 400, 404, 404, 401', async () => {
    const noRoom = roomEventData(60_000, { waitingRoom: false });
    await publishEvent(h.bus, EventCreated, noRoom);
    // Published after noRoom on the same durable: once this room exists, noRoom's EventCreated has been handled.
    await publishRoom(h.bus, h.url, roomEventData(60_000));
    const alice = buyer();

    const malformed = await join('not-an-id', alice);
    const unknown = await join(newObjectId(), alice);
    const withoutRoom = await join(noRoom.id, alice);
    const signedOut = await join(newObjectId());

    expect(malformed).toEqual({
      status: 400,
      body: { errors: [{ message: 'Must be an event id', field: 'eventId' }] },
    });
    expect(unknown).toEqual({ status: 404, body: { errors: [{ message: 'Waiting room not found' }] } });
    expect(withoutRoom).toEqual({ status: 404, body: { errors: [{ message: 'Waiting room not found' }] } });
    expect(signedOut.status).toBe(401);
    expect((await status('not-an-id', alice)).status).toBe(400);
    expect((await status(newObjectId(), alice)).status).toBe(404);
  });

  test('When the room is not open yet, then 409 with the time it opens; a status read of a buyer without a place is 404', async () => {
    const event = await publishRoom(h.bus, h.url, roomEventData(2 * 3600_000));

    const early = await join(event.id, buyer());
    const nobody = await status(event.id, buyer());

    const opensAt = new Date(Date.parse(event.onSaleAt!) - 30 * 60_000).toISOString();
    expect(early).toEqual({ status: 409, body: { errors: [{ message: `The queue opens at ${opensAt}` }] } });
    expect(nobody).toEqual({ status: 404, body: { errors: [{ message: 'Place in the queue not found' }] } });
  });

  test('When the queue window has ended, then joining is 409 and the status is closed "ended"', async () => {
    const event = await publishRoom(h.bus, h.url, roomEventData(-61_000, { queueMinutes: 1 }));
    const alice = buyer();

    const late = await join(event.id, alice);
    const seen = await status(event.id, alice);

    expect(late).toEqual({ status: 409, body: { errors: [{ message: 'The queue is closed: ended' }] } });
    expect(seen.body).toEqual({ status: 'closed', reason: 'ended', onSaleAt: event.onSaleAt });
  });

  test('When the event is cancelled, then everyone in the room sees closed "cancelled" and joining is 409', async () => {
    const event = await publishRoom(h.bus, h.url, roomEventData(60_000));
    const alice = buyer();
    await join(event.id, alice);

    await publishEvent(h.bus, EventCancelled, { id: event.id, version: 1 });

    await eventually(async () => (await status(event.id, alice)).body.reason === 'cancelled', 'closed: cancelled');
    expect((await status(event.id, alice)).body).toEqual({
      status: 'closed',
      reason: 'cancelled',
      onSaleAt: event.onSaleAt,
    });
    expect(await join(event.id, buyer())).toEqual({
      status: 409,
      body: { errors: [{ message: 'The queue is closed: cancelled' }] },
    });
  });

  test('When every ticket of the event is sold, then the buyers still waiting see closed "sold out"; a ticket created or updated out of order counts by version', async () => {
    const event = await publishRoom(h.bus, h.url, roomEventData(-1_000, { admitPerMinute: 1 }));
    const tickets = [roomTicketData(event), roomTicketData(event)];
    for (const ticket of tickets) await publishEvent(h.bus, TicketCreated, ticket);
    const waiting = [buyer(), buyer(), buyer()];
    for (const who of waiting) await join(event.id, who);
    const last = waiting[2]!;
    expect((await status(event.id, last)).body.status).toBe('waiting');

    // The first ticket: v2 (sold) before v1 (reserved); v1 then changes nothing.
    const sold = (t: (typeof tickets)[number], version: number, extra: object) =>
      publishEvent(h.bus, TicketUpdated, { ...t, version, orderId: newObjectId(), ...extra });
    await sold(tickets[0]!, 2, { sold: true });
    await sold(tickets[0]!, 1, {});
    await sold(tickets[1]!, 1, { withdrawn: true });

    await eventually(async () => (await status(event.id, last)).body.reason === 'sold out', 'closed: sold out');
    expect((await status(event.id, last)).body).toEqual({
      status: 'closed',
      reason: 'sold out',
      onSaleAt: event.onSaleAt,
    });
    expect((await join(event.id, buyer())).status).toBe(409);
  });
});

describe('GET /api/queue/:eventId/stream', () => {
  test('When a buyer follows their place, then the stream pushes each change: pre-queue, admitted with a pass, expired', async () => {
    const event = await publishRoom(h.bus, h.url, roomEventData(1_000));
    const alice = buyer();
    await join(event.id, alice);

    const stream = await openEventStream(`${h.url}/api/queue/${event.id}/stream`, { cookie: alice.cookie });

    expect(stream.status).toBe(200);
    const statusOf = (e: ReceivedEvent) => (e.event === 'status' ? (e.data as QueueStatusJson) : undefined);
    expect(statusOf((await stream.next(() => true))!)).toEqual({ status: 'prequeue', onSaleAt: event.onSaleAt });
    const admitted = await stream.next((e) => statusOf(e)?.status === 'admitted', 4_000);
    expect(verifyQueuePass(statusOf(admitted)?.pass, TEST_QUEUE_PASS_KEY)?.userId).toBe(alice.id);
    await stream.next((e) => statusOf(e)?.status === 'expired', 4_000);
    stream.close();
  });

  test('When the id is malformed, the buyer has no place, or signed out, then 400, 404, 401 and no stream', async () => {
    const event = await publishRoom(h.bus, h.url, roomEventData(60_000));

    const answers = await Promise.all(
      [
        [`/api/queue/zz/stream`, buyer().cookie],
        [`/api/queue/${event.id}/stream`, buyer().cookie],
        [`/api/queue/${event.id}/stream`, undefined],
      ].map(async ([path, cookie]) => {
        const s = await openEventStream(`${h.url}${path}`, { ...(cookie && { cookie }) });
        s.close();
        return s.status;
      }),
    );

    expect(answers).toEqual([400, 404, 401]);
  });
});
