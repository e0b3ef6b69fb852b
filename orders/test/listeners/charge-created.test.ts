import {
  ChargeCreated,
  newObjectId,
  OrderCancelled,
  OrderCompleted,
  OrderExpired,
  ReservationRefused,
  STREAM_NAME,
} from '@ticketing/common';
import { eventsInStream, eventually, nextEvent, publishEvent, settled } from '@ticketing/testing';
import { findOrder } from '../../src/models/order';
import {
  listTicket,
  orderTicket,
  reservedByTickets,
  signIn,
  startOrders,
  type OrdersHarness,
} from '../support/harness';

let h: OrdersHarness;

beforeAll(async () => {
  h = await startOrders();
});

afterAll(async () => {
  await h.stop();
});

/** An order whose ticket tickets has reserved for it (what a paid order needs to complete, DESIGN §16). */
async function placedOrder() {
  const ticket = await listTicket(h);
  const order = (await orderTicket(h, signIn().cookie, ticket.id)).body;
  await reservedByTickets(h, ticket, order.id);
  return { ticket, order };
}

const charge = (orderId: string, status: 'completed' | 'failed') => ({
  id: newObjectId(),
  orderId,
  status,
  amount: 100,
  stripeId: `pi_${newObjectId()}`,
});

describe('listener: charge.created', () => {
  test('When the charge completed, then the order is completed at v1, OrderCompleted v1 is published and the ticket stays locked', async () => {
    const { ticket, order } = await placedOrder();

    await publishEvent(h.bus, ChargeCreated, charge(order.id, 'completed'));

    const event = await nextEvent(h.bus, OrderCompleted, (d) => d.id === order.id);
    expect(event.data).toEqual({ id: order.id, version: 1, ticket: { id: ticket.id } });
    expect(await findOrder(order.id)).toMatchObject({ status: 'completed', version: 1 });
    expect((await orderTicket(h, signIn().cookie, ticket.id)).status).toBe(409);
  });

  test('When the charge failed, then the order is cancelled at v1, OrderCancelled v1 is published and the ticket is free', async () => {
    const { ticket, order } = await placedOrder();

    await publishEvent(h.bus, ChargeCreated, charge(order.id, 'failed'));

    const event = await nextEvent(h.bus, OrderCancelled, (d) => d.id === order.id);
    expect(event.data).toEqual({ id: order.id, version: 1, ticket: { id: ticket.id } });
    expect(await findOrder(order.id)).toMatchObject({ status: 'cancelled', version: 1 });
    await settled(h.bus, 'orders-charge-created');
    expect((await orderTicket(h, signIn().cookie, ticket.id)).status).toBe(201);
  });

  test('When the charge failed because its event started, then the order is cancelled telling the buyer so, not "declined"', async () => {
    const { order } = await placedOrder();

    await publishEvent(h.bus, ChargeCreated, { ...charge(order.id, 'failed'), failure: 'event-started' });

    await nextEvent(h.bus, OrderCancelled, (d) => d.id === order.id);
    expect(await findOrder(order.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'The event started before the payment was confirmed; you were not charged.',
    });
  });

  test('When the charge completed after the order expired, then the order stays cancelled and no OrderCompleted is published', async () => {
    const { order } = await placedOrder();
    await publishEvent(h.bus, OrderExpired, { orderId: order.id });
    await settled(h.bus, 'orders-order-expired');

    await publishEvent(h.bus, ChargeCreated, charge(order.id, 'completed'));
    await settled(h.bus, 'orders-charge-created');

    expect(await findOrder(order.id)).toMatchObject({ status: 'cancelled', version: 1 });
    expect(await eventsInStream(h.bus, OrderCompleted, (d) => d.id === order.id)).toHaveLength(0);
  });

  test('When the same completed charge is delivered twice, then the order is completed once', async () => {
    const { order } = await placedOrder();
    const data = charge(order.id, 'completed');

    await publishEvent(h.bus, ChargeCreated, data);
    await publishEvent(h.bus, ChargeCreated, data);
    await settled(h.bus, 'orders-charge-created');

    expect(await findOrder(order.id)).toMatchObject({ status: 'completed', version: 1 });
    await nextEvent(h.bus, OrderCompleted, (d) => d.id === order.id);
    expect(await eventsInStream(h.bus, OrderCompleted, (d) => d.id === order.id)).toHaveLength(1);
  });

  test('When expiry and a completed charge race, then the order ends in exactly one of the two, with one event', async () => {
    const { order } = await placedOrder();

    await Promise.all([
      publishEvent(h.bus, OrderExpired, { orderId: order.id }),
      publishEvent(h.bus, ChargeCreated, charge(order.id, 'completed')),
    ]);
    await settled(h.bus, 'orders-order-expired');
    await settled(h.bus, 'orders-charge-created');

    const final = await findOrder(order.id);
    expect(final?.version).toBe(1);
    const Event = final?.status === 'completed' ? OrderCompleted : OrderCancelled;
    await nextEvent(h.bus, Event, (d) => d.id === order.id);
    const cancelled = await eventsInStream(h.bus, OrderCancelled, (d) => d.id === order.id);
    const completed = await eventsInStream(h.bus, OrderCompleted, (d) => d.id === order.id);
    expect(cancelled.length + completed.length).toBe(1);
  });

  // DESIGN §16: an order completes only for a ticket that tickets reserved for it.
  describe('before tickets has answered for the reservation', () => {
    /** An order that tickets has neither reserved nor refused yet, and its completed charge, delivered and waiting. */
    async function paidBeforeReserved() {
      const ticket = await listTicket(h);
      const order = (await orderTicket(h, signIn().cookie, ticket.id)).body;
      await publishEvent(h.bus, ChargeCreated, charge(order.id, 'completed'));
      // Redelivered at least once: the listener has seen the charge and asked to be asked again.
      await eventually(
        async () => (await h.bus.jsm.consumers.info(STREAM_NAME, 'orders-charge-created')).num_redelivered > 0,
        'the charge waits',
      );
      return { ticket, order };
    }

    test('When the charge completed, then the order waits, and completes once the reservation arrives', async () => {
      const { ticket, order } = await paidBeforeReserved();
      expect(await findOrder(order.id)).toMatchObject({ status: 'created', version: 0 });

      await reservedByTickets(h, ticket, order.id);

      await nextEvent(h.bus, OrderCompleted, (d) => d.id === order.id);
      expect(await findOrder(order.id)).toMatchObject({ status: 'completed', version: 1 });
    });

    test('When tickets refuses the reservation instead, then the order is cancelled and never completed', async () => {
      const { ticket, order } = await paidBeforeReserved();

      await publishEvent(h.bus, ReservationRefused, {
        orderId: order.id,
        ticket: { id: ticket.id, version: 1 },
        reason: 'ticket-changed',
      });

      await nextEvent(h.bus, OrderCancelled, (d) => d.id === order.id);
      await settled(h.bus, 'orders-charge-created');
      expect(await findOrder(order.id)).toMatchObject({ status: 'cancelled', version: 1 });
      expect(await eventsInStream(h.bus, OrderCompleted, (d) => d.id === order.id)).toHaveLength(0);
    });
  });
});
