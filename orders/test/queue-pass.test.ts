// DESIGN §13 at POST /api/orders: while an event's waiting room is open (after its on-sale, until onSaleAt +
// queueMinutes), an order for its tickets needs a Queue-Pass that admits this buyer to this event, decided from the
// ticket replica and the pass alone; a pass is good for ORDERS_MAX_OPEN_PER_BUYER (5 here) orders in all.
import { newObjectId, OrderCreated, signQueuePass, signSessionToken, type TicketEvent } from '@ticketing/common';
import { eventsInStream, nextEvent, TEST_JWT_KEY, TEST_QUEUE_PASS_KEY } from '@ticketing/testing';
import { Order } from '../src/models/order';
import { api, listTicket, orderTicket, signIn, startOrders, ticketEvent, type OrdersHarness } from './support/harness';

let h: OrdersHarness;

beforeAll(async () => {
  h = await startOrders();
});

afterAll(async () => {
  await h.stop();
});

const JOIN_THE_QUEUE = { errors: [{ message: 'Join the queue for this event' }] };

/** An event whose waiting room is open: on sale a minute ago, the room open for the hour after. */
function roomEvent(): TicketEvent {
  return ticketEvent({ onSaleAt: new Date(Date.now() - 60_000).toISOString(), waitingRoom: true });
}

/** A pass as queue signs it, for `userId` at `event`, valid ten minutes unless told. */
function passFor(userId: string, event: TicketEvent, fields: { expiresInMs?: number; key?: string } = {}): string {
  const expiresAt = new Date(Date.now() + (fields.expiresInMs ?? 600_000));
  return signQueuePass({ eventId: event.id, userId, expiresAt }, fields.key ?? TEST_QUEUE_PASS_KEY);
}

async function expectNoOrderOf(ticketId: string): Promise<void> {
  expect(await Order.exists({ 'ticket.id': ticketId })).toBeNull();
  expect(await eventsInStream(h.bus, OrderCreated, (d) => d.ticket.id === ticketId)).toHaveLength(0);
}

describe('POST /api/orders: a ticket of an event whose waiting room is open', () => {
  test('When the buyer sends a pass that admits them, then 201 and the order holds one use of the pass', async () => {
    const event = roomEvent();
    const ticket = await listTicket(h, { event });
    const buyer = signIn();

    const res = await orderTicket(h, buyer.cookie, ticket.id, passFor(buyer.id, event));

    expect(res.status).toBe(201);
    await nextEvent(h.bus, OrderCreated, (d) => d.id === res.body.id);
    expect((await Order.findById(res.body.id, { passUse: 1 }).lean())?.passUse).toMatch(/^[\w-]+:0$/);
  });

  test('When the buyer sends no pass, another user’s, another event’s, an expired, a forged one or a session, then 403 and no order', async () => {
    const event = roomEvent();
    const ticket = await listTicket(h, { event });
    const buyer = signIn();
    const session = signSessionToken({ id: buyer.id, email: 'buyer@test.dev' }, TEST_JWT_KEY);

    const refused = await Promise.all(
      [
        undefined,
        passFor(newObjectId(), event),
        passFor(buyer.id, ticketEvent()),
        passFor(buyer.id, event, { expiresInMs: -1_000 }),
        passFor(buyer.id, event, { key: 'a-forger-s-key-0123456789abcdefghijklmnopqrstuvwxyz' }),
        session,
        'not-a-token',
      ].map((pass) => orderTicket(h, buyer.cookie, ticket.id, pass)),
    );

    expect(refused.map((r) => [r.status, r.body])).toEqual(refused.map(() => [403, JOIN_THE_QUEUE]));
    await expectNoOrderOf(ticket.id);
  });

  test('When one pass is sent with 8 orders at once after 2 were cancelled, then 3 more get 201 and 5 get 403: 5 in all, paid or not', async () => {
    const event = roomEvent();
    const buyer = signIn();
    const pass = passFor(buyer.id, event);
    const first = await Promise.all([listTicket(h, { event }), listTicket(h, { event })]);
    for (const ticket of first) {
      const placed = await orderTicket(h, buyer.cookie, ticket.id, pass);
      expect(placed.status).toBe(201);
      // Cancelled: the buyer's slot is free again, the pass's use is not.
      expect((await api(h.url, 'DELETE', `/api/orders/${placed.body.id}`, { cookie: buyer.cookie })).status).toBe(200);
    }
    const tickets = await Promise.all(Array.from({ length: 8 }, () => listTicket(h, { event })));

    const results = await Promise.all(tickets.map((t) => orderTicket(h, buyer.cookie, t.id, pass)));

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 403).map((r) => r.body)).toEqual(
      Array.from({ length: 5 }, () => ({ errors: [{ message: 'This queue pass has been used for its 5 orders' }] })),
    );
    const uses = await Order.find({ userId: buyer.id }, { passUse: 1 }).lean();
    expect(uses.map((o) => o.passUse?.split(':')[1]).sort()).toEqual(['0', '1', '2', '3', '4']);
  });

  test('When the room has closed (onSaleAt + queueMinutes passed), then an order needs no pass', async () => {
    const event = ticketEvent({
      onSaleAt: new Date(Date.now() - 120_000).toISOString(),
      waitingRoom: true,
      queueMinutes: 1,
    });
    const ticket = await listTicket(h, { event });

    const res = await orderTicket(h, signIn().cookie, ticket.id);

    expect(res.status).toBe(201);
    expect((await Order.findById(res.body.id, { passUse: 1 }).lean())?.passUse).toBeUndefined();
  });

  test('When the on-sale has not come, then 409 with its time even with a valid pass', async () => {
    const onSaleAt = new Date(Date.now() + 3_600_000).toISOString();
    const event = ticketEvent({ onSaleAt, waitingRoom: true });
    const ticket = await listTicket(h, { event });
    const buyer = signIn();

    const res = await orderTicket(h, buyer.cookie, ticket.id, passFor(buyer.id, event));

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: `On sale at ${onSaleAt}` }] });
    await expectNoOrderOf(ticket.id);
  });

  test('When the event has no waiting room, then a pass sent along is ignored and uses nothing', async () => {
    const event = ticketEvent({ onSaleAt: new Date(Date.now() - 60_000).toISOString() });
    const ticket = await listTicket(h, { event });
    const buyer = signIn();

    const res = await orderTicket(h, buyer.cookie, ticket.id, passFor(buyer.id, event));

    expect(res.status).toBe(201);
    expect((await Order.findById(res.body.id, { passUse: 1 }).lean())?.passUse).toBeUndefined();
  });
});
