// DESIGN §3: POST /api/orders honours an Idempotency-Key: a retry (say, after a lost answer) gets the first order,
// never a second one, and never a 409 from the lock its own first attempt holds.
import { OrderCreated } from '@ticketing/common';
import { eventsInStream, nextEvent } from '@ticketing/testing';
import { Order } from '../src/models/order';
import { api, listTicket, signIn, startOrders, type OrdersHarness } from './support/harness';

let h: OrdersHarness;

beforeAll(async () => {
  h = await startOrders();
});

afterAll(async () => {
  await h.stop();
});

const order = (cookie: string, ticketId: string, key: string) =>
  api(h.url, 'POST', '/api/orders', { cookie, json: { ticketId }, headers: { 'Idempotency-Key': key } });

describe('POST /api/orders with an Idempotency-Key', () => {
  test('When a buyer retries with the same key, then both answers are the one order, stored and announced once', async () => {
    const ticket = await listTicket(h);
    const buyer = signIn();

    const first = await order(buyer.cookie, ticket.id, 'order-key-1');
    const retry = await order(buyer.cookie, ticket.id, 'order-key-1');

    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect(await Order.countDocuments({ 'ticket.id': ticket.id })).toBe(1);
    // The relay publishes the event just after the answer: wait for it, then count.
    await nextEvent(h.bus, OrderCreated, (d) => d.ticket.id === ticket.id);
    expect(await eventsInStream(h.bus, OrderCreated, (d) => d.ticket.id === ticket.id)).toHaveLength(1);
  });

  test('When another buyer uses the same key for the same ticket, then they get 409: the key is per buyer', async () => {
    const ticket = await listTicket(h);

    await order(signIn().cookie, ticket.id, 'order-key-2');
    const other = await order(signIn().cookie, ticket.id, 'order-key-2');

    expect(other.status).toBe(409);
  });
});
