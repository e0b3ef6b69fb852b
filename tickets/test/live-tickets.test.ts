import { OrderCancelled, OrderCompleted, OrderCreated } from '@ticketing/common';
import { eventually, openEventStream, publishEvent, type OpenEventStream } from '@ticketing/testing';
import request from 'supertest';
import { createTicket, orderCreatedData, signIn, startTickets, type TicketsUnderTest } from './support';

let t: TicketsUnderTest;
let stream: OpenEventStream;
beforeAll(async () => {
  t = await startTickets();
});
afterEach(() => stream?.close());
afterAll(() => t.stop());

/** The change the stream reported for a ticket at a version. */
const change = (id: string, version: number) => (e: { event: string; data: unknown }) =>
  e.event === 'ticket' &&
  (e.data as { id: string; version: number }).id === id &&
  (e.data as { version: number }).version === version;

describe('GET /api/tickets/live', () => {
  test('When a stream is open, then it is an unbuffered event stream, open to anyone', async () => {
    stream = await openEventStream(`${t.url}/api/tickets/live`);

    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['x-accel-buffering']).toBe('no');
  });

  test('When a ticket is listed, reserved, released, reserved again and sold, then the stream reports each status with its version', async () => {
    stream = await openEventStream(`${t.url}/api/tickets/live`);
    await eventually(() => stream.retryMs !== undefined, 'stream open');
    const { cookie } = signIn();

    const ticket = await createTicket(t.url, cookie);
    const first = orderCreatedData(ticket.id);
    await publishEvent(t.bus, OrderCreated, first);
    await stream.next(change(ticket.id, 1));
    await publishEvent(t.bus, OrderCancelled, { id: first.id, version: 1, ticket: { id: ticket.id } });
    await stream.next(change(ticket.id, 2));
    const second = orderCreatedData(ticket.id);
    await publishEvent(t.bus, OrderCreated, second);
    await stream.next(change(ticket.id, 3));
    await publishEvent(t.bus, OrderCompleted, { id: second.id, version: 1, ticket: { id: ticket.id } });

    await stream.next(change(ticket.id, 4));
    const reported = stream.events.filter((e) => (e.data as { id: string }).id === ticket.id).map((e) => e.data);
    expect(reported).toEqual([
      { id: ticket.id, version: 0, status: 'available' },
      { id: ticket.id, version: 1, status: 'reserved' },
      { id: ticket.id, version: 2, status: 'available' },
      { id: ticket.id, version: 3, status: 'reserved' },
      { id: ticket.id, version: 4, status: 'sold' },
    ]);
  });

  test('When the seller edits the ticket, then the stream reports the new version, still available', async () => {
    stream = await openEventStream(`${t.url}/api/tickets/live`);
    await eventually(() => stream.retryMs !== undefined, 'stream open');
    const { cookie } = signIn();
    const ticket = await createTicket(t.url, cookie);

    await request(t.url)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', cookie)
      .send({ title: 'Moved', price: 30 })
      .expect(200);

    expect((await stream.next(change(ticket.id, 1))).data).toEqual({ id: ticket.id, version: 1, status: 'available' });
  });

  // Last in the file: it stops the service (afterAll's stop() is then a no-op for it).
  test('When the service stops with a stream open, then the stream is ended and the stop does not wait for it', async () => {
    stream = await openEventStream(`${t.url}/api/tickets/live`);
    await eventually(() => stream.retryMs !== undefined, 'stream open');
    const started = Date.now();

    await t.service.stop();

    await stream.ended;
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
