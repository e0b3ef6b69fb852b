// DESIGN §12: an event's cancellation, as orders takes it. Its open orders are cancelled (each once, with one
// OrderCancelled, whatever the replicas and redeliveries), its completed orders stay completed (payments refunds
// them), and its tickets can no longer be ordered.
import { ChargeCreated, EventCancelled, newObjectId, OrderCancelled, TicketUpdated } from '@ticketing/common';
import { deliverToTwoReplicas, eventsInStream, eventually, nextEvent, publishEvent, settled } from '@ticketing/testing';
import { eventCancelledListener } from '../../src/events/listeners/event-cancelled-listener';
import { findOrder, Order } from '../../src/models/order';
import { TicketReplica } from '../../src/models/ticket-replica';
import {
  api,
  listTicket,
  orderTicket,
  reservedByTickets,
  signIn,
  startOrders,
  ticketEvent,
  type OrdersHarness,
} from '../support/harness';

const DURABLE = 'orders-event-cancelled';

let h: OrdersHarness;

beforeAll(async () => {
  h = await startOrders();
});

afterAll(async () => {
  await h.stop();
});

/** `count` buyers' open orders for tickets of `event`. */
function openOrdersOf(event: ReturnType<typeof ticketEvent>, count: number) {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const buyer = signIn();
      const ticket = await listTicket(h, { event });
      const res = await orderTicket(h, buyer.cookie, ticket.id);
      expect(res.status).toBe(201);
      return { buyer, ticket, order: res.body };
    }),
  );
}

describe('listener: event.cancelled', () => {
  test('When an event is cancelled, then its open orders are cancelled with the reason, a completed one stays, another event is untouched', async () => {
    const event = ticketEvent();
    const open = await openOrdersOf(event, 2);
    const [paid] = await openOrdersOf(event, 1);
    await reservedByTickets(h, paid!.ticket, paid!.order.id);
    await publishEvent(h.bus, ChargeCreated, {
      id: newObjectId(),
      orderId: paid!.order.id,
      status: 'completed',
      amount: 100,
      stripeId: 'pi_paid',
    });
    await settled(h.bus, 'orders-charge-created');
    const [other] = await openOrdersOf(ticketEvent(), 1);

    await publishEvent(h.bus, EventCancelled, { id: event.id, version: 1 });
    await settled(h.bus, DURABLE);

    for (const { buyer, ticket, order } of open) {
      const shown = await api(h.url, 'GET', `/api/orders/${order.id}`, { cookie: buyer.cookie });
      expect(shown.body).toMatchObject({
        status: 'cancelled',
        version: 1,
        cancelReason: 'The event was cancelled; you were not charged.',
      });
      const cancelled = await nextEvent(h.bus, OrderCancelled, (d) => d.id === order.id);
      expect(cancelled.data).toEqual({ id: order.id, version: 1, ticket: { id: ticket.id } });
    }
    expect(await findOrder(paid!.order.id)).toMatchObject({ status: 'completed' });
    expect(await eventsInStream(h.bus, OrderCancelled, (d) => d.id === paid!.order.id)).toHaveLength(0);
    expect(await findOrder(other!.order.id)).toMatchObject({ status: 'created', version: 0 });
  });

  test('When an event is cancelled, then its tickets are refused with 409 "The event was cancelled", even one freed by the cancellation', async () => {
    const event = ticketEvent();
    const [held] = await openOrdersOf(event, 1);
    const fresh = await listTicket(h, { event });

    await publishEvent(h.bus, EventCancelled, { id: event.id, version: 1 });
    await settled(h.bus, DURABLE);

    for (const ticketId of [fresh.id, held!.ticket.id]) {
      const res = await orderTicket(h, signIn().cookie, ticketId);
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ errors: [{ message: 'The event was cancelled' }] });
    }
    // A ticket of another event, or of none, is still sold.
    expect((await orderTicket(h, signIn().cookie, (await listTicket(h, { event: ticketEvent() })).id)).status).toBe(
      201,
    );
    expect((await orderTicket(h, signIn().cookie, (await listTicket(h)).id)).status).toBe(201);
  });

  test('When tickets withdraws a listing, then it is refused with 409, saying the event was cancelled once orders knows', async () => {
    const event = ticketEvent();
    const ticket = await listTicket(h, { event });
    const { id, title, price, userId } = ticket;

    await publishEvent(h.bus, TicketUpdated, { id, version: 1, title, price, userId, event, withdrawn: true });
    await eventually(() => TicketReplica.findOne({ _id: id, version: 1 }).lean(), 'replica at v1');

    const withdrawn = await orderTicket(h, signIn().cookie, id);
    expect(withdrawn.status).toBe(409);
    expect(withdrawn.body).toEqual({ errors: [{ message: 'This ticket was withdrawn from sale' }] });
    await publishEvent(h.bus, EventCancelled, { id: event.id, version: 1 });
    await settled(h.bus, DURABLE);
    const cancelled = await orderTicket(h, signIn().cookie, id);
    expect(cancelled.status).toBe(409);
    expect(cancelled.body).toEqual({ errors: [{ message: 'The event was cancelled' }] });
    expect(await Order.exists({ 'ticket.id': id })).toBeNull();
  });

  test('When two replicas get EventCancelled and its redelivery at once, then each open order is cancelled once', async () => {
    const event = ticketEvent();
    // More than one batch (cancel-event-orders.ts reads 50 at a time), so the passes page on past what they closed.
    const open = await openOrdersOf(event, 55);

    await deliverToTwoReplicas({
      bus: h.bus,
      natsUrl: h.nats.url,
      service: 'orders',
      listener: eventCancelledListener,
      data: { id: event.id, version: 1 },
    });

    const ids = new Set(open.map(({ order }) => order.id as string));
    for (const id of ids) expect(await findOrder(id)).toMatchObject({ status: 'cancelled', version: 1 });
    // One OrderCancelled per order: the archive holds them all within moments of the outbox's publish.
    const cancelled = await eventually(async () => {
      const events = await eventsInStream(h.bus, OrderCancelled, (d) => ids.has(d.id));
      return events.length >= ids.size ? events : undefined;
    }, 'every OrderCancelled in the archive');
    expect(cancelled.map((e) => e.data.id).sort()).toEqual([...ids].sort());
  });

  test('When orders are placed while the event is cancelled, then none is left open and each cancelled one is announced once', async () => {
    const event = ticketEvent();
    const tickets = await Promise.all(Array.from({ length: 30 }, () => listTicket(h, { event })));

    // The cancellation lands in the middle of the burst: each order is refused, or placed and then cancelled, by
    // the listener's pass or by its own look after the insert (place-order.ts).
    const [answers] = await Promise.all([
      Promise.all(tickets.map((ticket) => orderTicket(h, signIn().cookie, ticket.id))),
      publishEvent(h.bus, EventCancelled, { id: event.id, version: 1 }),
    ]);
    await settled(h.bus, DURABLE);

    const placed = answers.filter((res) => res.status === 201).map((res) => res.body.id as string);
    for (const res of answers.filter((r) => r.status !== 201)) {
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ errors: [{ message: 'The event was cancelled' }] });
    }
    const stored = await Order.find({ 'event.id': event.id }, { status: 1 }).lean();
    expect(stored.filter((order) => order.status !== 'cancelled')).toEqual([]);
    const ids = new Set(stored.map((order) => order._id));
    for (const id of placed) expect(ids.has(id)).toBe(true);
    const cancelled = await eventually(async () => {
      const events = await eventsInStream(h.bus, OrderCancelled, (d) => ids.has(d.id));
      return events.length >= ids.size ? events : undefined;
    }, 'an OrderCancelled for every order of the event');
    expect(cancelled.map((e) => e.data.id).sort()).toEqual([...ids].sort());
  });

  test('When an invalid EventCancelled arrives, then it is terminated and nothing changes', async () => {
    const event = ticketEvent();
    const [placed] = await openOrdersOf(event, 1);

    await h.bus.js.publish(
      'event.cancelled',
      JSON.stringify({
        id: newObjectId(),
        subject: 'event.cancelled',
        occurredAt: new Date().toISOString(),
        data: { id: event.id },
      }),
    );
    await settled(h.bus, DURABLE);

    expect(await findOrder(placed!.order.id)).toMatchObject({ status: 'created', version: 0 });
    expect((await orderTicket(h, signIn().cookie, (await listTicket(h, { event })).id)).status).toBe(201);
  });
});
