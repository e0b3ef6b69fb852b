import { ChargeCreated, newObjectId, OrderCancelled, OrderExpired, orderExpiredEventId } from '@ticketing/common';
import { eventsInStream, nextEvent, publishEvent, settled } from '@ticketing/testing';
import { findOrder } from '../../src/models/order';
import {
  api,
  orderTicket,
  placedOrder,
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

describe('listener: order.expired', () => {
  test('When a created order expires, then it is cancelled at v1, OrderCancelled v1 is published and the ticket is free', async () => {
    const { ticket, order } = await placedOrder(h);

    await publishEvent(h.bus, OrderExpired, { orderId: order.id }, { id: orderExpiredEventId(order.id) });

    const event = await nextEvent(h.bus, OrderCancelled, (d) => d.id === order.id);
    expect(event.data).toEqual({ id: order.id, version: 1, ticket: { id: ticket.id } });
    expect(await findOrder(order.id)).toMatchObject({ status: 'cancelled', version: 1 });
    await settled(h.bus, 'orders-order-expired');
    expect((await orderTicket(h, signIn().cookie, ticket.id)).status).toBe(201);
  });

  test('When a completed order expires, then nothing changes', async () => {
    const { buyer, ticket, order } = await placedOrder(h);
    await reservedByTickets(h, ticket, order.id);
    await publishEvent(h.bus, ChargeCreated, {
      id: newObjectId(),
      orderId: order.id,
      status: 'completed',
      amount: 100,
      stripeId: 'pi_x',
    });
    await settled(h.bus, 'orders-charge-created');

    await publishEvent(h.bus, OrderExpired, { orderId: order.id });
    await settled(h.bus, 'orders-order-expired');

    expect((await api(h.url, 'GET', `/api/orders/${order.id}`, { cookie: buyer.cookie })).body).toMatchObject({
      status: 'completed',
      version: 1,
    });
    expect(await eventsInStream(h.bus, OrderCancelled, (d) => d.id === order.id)).toHaveLength(0);
    expect((await orderTicket(h, signIn().cookie, ticket.id)).status).toBe(409);
  });

  test('When an order already cancelled by its buyer expires, then it is not changed again', async () => {
    const { buyer, order } = await placedOrder(h);
    await api(h.url, 'DELETE', `/api/orders/${order.id}`, { cookie: buyer.cookie });

    await publishEvent(h.bus, OrderExpired, { orderId: order.id });
    await settled(h.bus, 'orders-order-expired');

    expect(await findOrder(order.id)).toMatchObject({ status: 'cancelled', version: 1 });
    await nextEvent(h.bus, OrderCancelled, (d) => d.id === order.id);
    expect(await eventsInStream(h.bus, OrderCancelled, (d) => d.id === order.id)).toHaveLength(1);
  });

  test('When OrderExpired is delivered twice (two event ids), then the order is cancelled once', async () => {
    const { order } = await placedOrder(h);

    await publishEvent(h.bus, OrderExpired, { orderId: order.id });
    await publishEvent(h.bus, OrderExpired, { orderId: order.id });
    await settled(h.bus, 'orders-order-expired');

    expect(await findOrder(order.id)).toMatchObject({ status: 'cancelled', version: 1 });
    await nextEvent(h.bus, OrderCancelled, (d) => d.id === order.id);
    expect(await eventsInStream(h.bus, OrderCancelled, (d) => d.id === order.id)).toHaveLength(1);
  });

  test('When an unknown order expires, then the event is acked with no effect', async () => {
    const orderId = newObjectId();

    await publishEvent(h.bus, OrderExpired, { orderId });
    await settled(h.bus, 'orders-order-expired');

    expect(await findOrder(orderId)).toBeNull();
  });
});
