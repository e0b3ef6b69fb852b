// DESIGN §12 at payments, decided from its own order replica at request time: an order whose event has started or
// was cancelled is not charged (409 with orders' sentences), by POST /api/payments or by the confirmation of a 3-D
// Secure payment; an order without an event keeps the seed's rules.
import { ChargeCreated, EventCancelled, newObjectId } from '@ticketing/common';
import { eventually, nextEvent, publishEvent, settled } from '@ticketing/testing';
import { OrderReplica } from '../src/models/order-replica';
import { startStripeFakeProbe, type StripeFakeProbe } from './support/stripe-fake-probe';
import { answerChallenge } from './support/three-d-secure';
import { call, type Harness, newBuyer, orderEvent, pay, placeOrder, startPayments } from './support/payments-harness';

const NEEDS_3DS = 'pm_card_authenticationRequired';

let fake: StripeFakeProbe;
let h: Harness;

beforeAll(async () => {
  fake = await startStripeFakeProbe();
  h = await startPayments(fake.url);
});

afterAll(async () => {
  await h?.stop();
  await fake?.close();
});

/** Whether payments sent Stripe anything for the order (its requests all carry a key naming the order). */
const stripeHeardOf = (orderId: string) => fake.finished.some((l) => l.idempotencyKey?.endsWith(`:${orderId}`));

describe('payments: orders of an event', () => {
  test('When OrderCreated carries the seller and the event, then the replica keeps them', async () => {
    const buyer = newBuyer();
    const sellerId = newObjectId();
    const event = orderEvent();

    const { orderId } = await placeOrder(h.bus, buyer.userId, 20, undefined, { sellerId, event });

    expect(await OrderReplica.findById(orderId, { sellerId: 1, event: 1, _id: 0 }).lean()).toEqual({
      sellerId,
      event,
    });
  });

  test('When the event is open, then the order is paid as any other', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId, 20, undefined, { event: orderEvent() });

    const res = await pay(h.base, buyer.cookie, orderId);

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ orderId, status: 'completed', amount: 20 });
  });

  test('When the event has started, then 409 "The event has started" and nothing is sent to Stripe', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId, 20, undefined, { event: orderEvent(-1_000) });

    const res = await pay(h.base, buyer.cookie, orderId);

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'The event has started' }] });
    expect(stripeHeardOf(orderId)).toBe(false);
    expect((await call(h.base, 'GET', `/api/payments?orderId=${orderId}`, { cookie: buyer.cookie })).body).toEqual([]);
  });

  test('When the event was cancelled, then 409 "The event was cancelled" and nothing is sent to Stripe', async () => {
    const buyer = newBuyer();
    const event = orderEvent();
    const { orderId } = await placeOrder(h.bus, buyer.userId, 20, undefined, { event });
    await publishEvent(h.bus, EventCancelled, { id: event.id, version: 1 });
    await settled(h.bus, 'payments-event-cancelled');

    const res = await pay(h.base, buyer.cookie, orderId);

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'The event was cancelled' }] });
    expect(stripeHeardOf(orderId)).toBe(false);
  });

  test('When a 3-D Secure payment is confirmed after the event started, then 409 and its intent is cancelled at Stripe', async () => {
    const buyer = newBuyer();
    const event = orderEvent(1_500);
    const { orderId } = await placeOrder(h.bus, buyer.userId, 20, undefined, { event });
    const started = await pay(h.base, buyer.cookie, orderId, NEEDS_3DS);
    expect(started.status).toBe(202);
    await eventually(() => Date.now() >= Date.parse(event.startsAt), 'the event started', { timeoutMs: 10_000 });
    const failedCharge = nextEvent(h.bus, ChargeCreated, (d) => d.orderId === orderId);

    const res = await call(h.base, 'POST', '/api/payments/confirm', { cookie: buyer.cookie, body: { orderId } });

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'The event has started' }] });
    expect(await fake.sdk.paymentIntents.retrieve(started.body.stripeId)).toMatchObject({ status: 'canceled' });
    const [charge] = (await call(h.base, 'GET', `/api/payments?orderId=${orderId}`, { cookie: buyer.cookie })).body;
    expect(charge).toMatchObject({ orderId, status: 'failed' });
    // orders tells the buyer the event started, not that the card was declined.
    expect((await failedCharge).data).toMatchObject({ orderId, status: 'failed', failure: 'event-started' });
  });

  test('When the buyer passed 3-D Secure and the event is cancelled before the confirmation, then 409 and the money is refunded once', async () => {
    const buyer = newBuyer();
    const event = orderEvent();
    const { orderId } = await placeOrder(h.bus, buyer.userId, 20, undefined, { event });
    const started = await pay(h.base, buyer.cookie, orderId, NEEDS_3DS);
    await answerChallenge(fake.url, started, 'complete');
    await publishEvent(h.bus, EventCancelled, { id: event.id, version: 1 });
    await settled(h.bus, 'payments-event-cancelled');

    const res = await call(h.base, 'POST', '/api/payments/confirm', { cookie: buyer.cookie, body: { orderId } });

    expect(res.status).toBe(409);
    const [charge] = (await call(h.base, 'GET', `/api/payments?orderId=${orderId}`, { cookie: buyer.cookie })).body;
    expect(charge).toMatchObject({
      orderId,
      status: 'completed',
      stripeRefundId: expect.stringMatching(/^re_/),
      refundReason: 'Refunded: event cancelled',
    });
    expect(
      fake.finished.filter((l) => l.path === '/v1/refunds' && !l.replayed && l.idempotencyKey === `refund:${orderId}`),
    ).toHaveLength(1);
  });

  test('When an order has no event, then it is paid whatever the time', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);

    expect((await pay(h.base, buyer.cookie, orderId)).status).toBe(201);
  });
});
