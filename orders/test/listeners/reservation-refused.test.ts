import { ChargeCreated, newObjectId, OrderCancelled, ReservationRefused } from '@ticketing/common';
import { eventsInStream, nextEvent, publishEvent, settled } from '@ticketing/testing';
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

const DURABLE = 'orders-ticket-reservation-refused';

const refusal = (orderId: string, ticketId: string) => ({
  orderId,
  ticket: { id: ticketId, version: 1 },
  reason: 'ticket-changed' as const,
});

describe('listener: ticket.reservation-refused', () => {
  test('When tickets refuses a created order, then it is cancelled at v1 with the reason shown, OrderCancelled v1 is published and the ticket is orderable again', async () => {
    const { buyer, ticket, order } = await placedOrder(h);

    await publishEvent(h.bus, ReservationRefused, refusal(order.id, ticket.id));

    const event = await nextEvent(h.bus, OrderCancelled, (d) => d.id === order.id);
    expect(event.data).toEqual({ id: order.id, version: 1, ticket: { id: ticket.id } });
    expect((await api(h.url, 'GET', `/api/orders/${order.id}`, { cookie: buyer.cookie })).body).toMatchObject({
      status: 'cancelled',
      version: 1,
      cancelReason: 'The seller changed this ticket before your order reached it; you were not charged.',
    });
    await settled(h.bus, DURABLE);
    expect((await orderTicket(h, signIn().cookie, ticket.id)).status).toBe(201);
  });

  test('When the refusal is delivered twice (two event ids), then the order is cancelled once', async () => {
    const { ticket, order } = await placedOrder(h);

    await publishEvent(h.bus, ReservationRefused, refusal(order.id, ticket.id));
    await publishEvent(h.bus, ReservationRefused, refusal(order.id, ticket.id));
    await settled(h.bus, DURABLE);

    await nextEvent(h.bus, OrderCancelled, (d) => d.id === order.id);
    expect(await eventsInStream(h.bus, OrderCancelled, (d) => d.id === order.id)).toHaveLength(1);
  });

  test('When the order was completed first, then it stays completed and nothing is published', async () => {
    const { buyer, ticket, order } = await placedOrder(h);
    await reservedByTickets(h, ticket, order.id);
    const charge = {
      id: newObjectId(),
      orderId: order.id,
      status: 'completed' as const,
      amount: 100,
      stripeId: 'pi_x',
    };
    await publishEvent(h.bus, ChargeCreated, charge);
    await settled(h.bus, 'orders-charge-created');

    await publishEvent(h.bus, ReservationRefused, refusal(order.id, ticket.id));
    await settled(h.bus, DURABLE);

    expect((await api(h.url, 'GET', `/api/orders/${order.id}`, { cookie: buyer.cookie })).body).toMatchObject({
      status: 'completed',
      version: 1,
    });
    expect(await eventsInStream(h.bus, OrderCancelled, (d) => d.id === order.id)).toHaveLength(0);
  });

  test('When the refused order is unknown, then the event is acked with no effect', async () => {
    await publishEvent(h.bus, ReservationRefused, refusal(newObjectId(), newObjectId()));

    await settled(h.bus, DURABLE);
  });
});
