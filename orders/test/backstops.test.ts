// DESIGN §5: time-based promises do not rest on a single event, and a buyer is never charged a price other than the
// one their order shows (issue 14). No expiration service runs here: only orders' own backstop can cancel.
import { OrderCancelled, ReservationRefused, TicketUpdated } from '@ticketing/common';
import { eventually, nextEvent, publishEvent } from '@ticketing/testing';
import { findOrder } from '../src/models/order';
import { findReplicatedTicket } from '../src/models/ticket-replica';
import { api, listTicket, orderTicket, signIn, startOrders, type OrdersHarness } from './support/harness';

let h: OrdersHarness;

beforeAll(async () => {
  h = await startOrders({ EXPIRATION_WINDOW_SECONDS: '2', ORDERS_EXPIRY_SWEEP_SECONDS: '1' });
});

afterAll(async () => {
  await h.stop();
});

describe('backstop: orders past their expiry', () => {
  test('When no OrderExpired comes, then orders cancels the order itself within a few seconds of expiresAt', async () => {
    const ticket = await listTicket(h);
    const buyer = signIn();
    const order = (await orderTicket(h, buyer.cookie, ticket.id)).body;

    const event = await nextEvent(h.bus, OrderCancelled, (d) => d.id === order.id, 10_000);
    const late = Date.now() - Date.parse(order.expiresAt);

    expect(event.data).toEqual({ id: order.id, version: 1, ticket: { id: ticket.id } });
    expect(late).toBeLessThan(3_000);
    const shown = await api(h.url, 'GET', `/api/orders/${order.id}`, { cookie: buyer.cookie });
    expect(shown.body).toMatchObject({ status: 'cancelled', cancelReason: 'The time to pay for this order ran out.' });
    expect((await orderTicket(h, signIn().cookie, ticket.id)).status).toBe(201);
  });
});

describe('repricing: the seller edits the price before the order reaches tickets', () => {
  // Tickets decides (it alone sees the edit and the order meet) and says so with ReservationRefused (DESIGN §16); a
  // TicketUpdated with another price is only the replica's news, and cancels nothing by itself.
  test('When tickets refuses the reservation of a repriced ticket, then the live order is cancelled with the reason', async () => {
    const ticket = await listTicket(h, { price: 40 });
    const buyer = signIn();
    const order = (await orderTicket(h, buyer.cookie, ticket.id)).body;

    await publishEvent(h.bus, TicketUpdated, { ...ticket, version: 1, price: 55 });
    await eventually(async () => (await findReplicatedTicket(ticket.id))?.version === 1, 'replica at version 1');
    expect(await findOrder(order.id)).toMatchObject({ status: 'created' });
    await publishEvent(h.bus, ReservationRefused, {
      orderId: order.id,
      ticket: { id: ticket.id, version: 1 },
      reason: 'ticket-changed',
    });

    await eventually(async () => (await findOrder(order.id))?.status === 'cancelled', 'order cancelled');
    const shown = await api(h.url, 'GET', `/api/orders/${order.id}`, { cookie: buyer.cookie });
    expect(shown.body).toMatchObject({ status: 'cancelled', cancelReason: expect.stringContaining('seller changed') });
  });

  test('When the TicketUpdated is the reservation of that order, or keeps its price, then the order stays', async () => {
    const ticket = await listTicket(h, { price: 40 });
    const order = (await orderTicket(h, signIn().cookie, ticket.id)).body;

    await publishEvent(h.bus, TicketUpdated, { ...ticket, version: 1, orderId: order.id });
    await publishEvent(h.bus, TicketUpdated, { ...ticket, version: 2, title: 'Renamed' });
    await eventually(async () => (await findReplicatedTicket(ticket.id))?.version === 2, 'replica at version 2');

    expect(await findOrder(order.id)).toMatchObject({ status: 'created' });
  });
});
