// POST /api/payments and GET /api/payments through HTTP, with the orders service played by this test on the real
// bus, and Stripe played by the local fake.
import { ChargeCreated, newObjectId } from '@ticketing/common';
import { eventsInStream, nextEvent, sessionCookie, TEST_JWT_KEY } from '@ticketing/testing';
import { startStripeFakeProbe, type StripeFakeProbe } from './support/stripe-fake-probe';
import {
  call,
  cancelOrder,
  completeOrder,
  type Harness,
  newBuyer,
  pay,
  placeOrder,
  startPayments,
} from './support/payments-harness';

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

describe('POST /api/payments', () => {
  test('When a buyer pays their order with pm_card_visa, then 201 with a completed charge, ChargeCreated completed, and GET lists it', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId, 19.99);

    const res = await pay(h.base, buyer.cookie, orderId);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      orderId,
      status: 'completed',
      amount: 19.99,
      stripeId: expect.stringMatching(/^pi_/),
    });
    const intent = await fake.sdk.paymentIntents.retrieve(res.body.stripeId);
    expect(intent).toMatchObject({ amount: 1999, currency: 'usd', status: 'succeeded', metadata: { orderId } });
    const event = await nextEvent(h.bus, ChargeCreated, (d) => d.orderId === orderId);
    expect(event.data).toEqual({
      id: res.body.id,
      orderId,
      status: 'completed',
      amount: 19.99,
      stripeId: res.body.stripeId,
    });
    const list = await call(h.base, 'GET', `/api/payments?orderId=${orderId}`, { cookie: buyer.cookie });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([res.body]);
  });

  test("When the card is declined, then 402 with Stripe's message, the charge is failed and ChargeCreated says failed", async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);

    const res = await pay(h.base, buyer.cookie, orderId, 'pm_card_chargeDeclined');

    expect(res.status).toBe(402);
    expect(res.body).toEqual({ errors: [{ message: 'Your card was declined.' }] });
    const event = await nextEvent(h.bus, ChargeCreated, (d) => d.orderId === orderId);
    expect(event.data).toMatchObject({
      orderId,
      status: 'failed',
      amount: 20,
      stripeId: expect.stringMatching(/^pi_/),
    });
    const list = await call(h.base, 'GET', `/api/payments?orderId=${orderId}`, { cookie: buyer.cookie });
    expect(list.body).toEqual([
      { id: event.data.id, orderId, status: 'failed', amount: 20, stripeId: event.data.stripeId },
    ]);
    const again = await pay(h.base, buyer.cookie, orderId);
    expect(again.status).toBe(409);
  });

  test('When Stripe has no such payment method, then 400 naming paymentMethod, and the charge fails so that orders releases the ticket', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);

    const res = await pay(h.base, buyer.cookie, orderId, 'pm_card_doesNotExist');

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: [{ message: "No such PaymentMethod: 'pm_card_doesNotExist'", field: 'paymentMethod' }],
    });
    // Stripe stored that answer under the order's key, so no other card could pay this order: it is failed for good.
    const event = await nextEvent(h.bus, ChargeCreated, (d) => d.orderId === orderId);
    expect(event.data).toMatchObject({ status: 'failed', stripeId: 'none' });
    expect((await pay(h.base, buyer.cookie, orderId)).status).toBe(409);
  });

  test('When the order was cancelled, then 409 and no charge is made', async () => {
    const buyer = newBuyer();
    const order = await placeOrder(h.bus, buyer.userId);
    await cancelOrder(h.bus, order);

    const res = await pay(h.base, buyer.cookie, order.orderId);

    expect(res.status).toBe(409);
    expect(res.body.errors[0].message).toBe('Order is cancelled');
    expect(fake.intentsCreatedFor(order.orderId)).toBe(0);
    const list = await call(h.base, 'GET', `/api/payments?orderId=${order.orderId}`, { cookie: buyer.cookie });
    expect(list.body).toEqual([]);
  });

  test('When the order is completed, then 409', async () => {
    const buyer = newBuyer();
    const order = await placeOrder(h.bus, buyer.userId);
    await completeOrder(h.bus, order);

    const res = await pay(h.base, buyer.cookie, order.orderId);

    expect(res.status).toBe(409);
    expect(res.body.errors[0].message).toBe('Order is already paid');
  });

  test('When the order was already paid, then a second payment is 409 and Stripe is not called again', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);
    expect((await pay(h.base, buyer.cookie, orderId)).status).toBe(201);

    const res = await pay(h.base, buyer.cookie, orderId, 'pm_card_mastercard');

    expect(res.status).toBe(409);
    expect(fake.intentsCreatedFor(orderId)).toBe(1);
  });

  test('When nobody is signed in, then 401', async () => {
    const res = await call(h.base, 'POST', '/api/payments', {
      body: { orderId: newObjectId(), paymentMethod: 'pm_card_visa' },
    });

    expect(res.status).toBe(401);
  });

  test("When the order is another user's, then 403 and nothing is charged", async () => {
    const owner = newBuyer();
    const other = newBuyer();
    const { orderId } = await placeOrder(h.bus, owner.userId);

    const res = await pay(h.base, other.cookie, orderId);

    expect(res.status).toBe(403);
    expect(fake.intentsCreatedFor(orderId)).toBe(0);
  });

  test('When the order is unknown, then 404', async () => {
    const buyer = newBuyer();

    const res = await pay(h.base, buyer.cookie, newObjectId());

    expect(res.status).toBe(404);
    expect(res.body.errors[0].message).toBe('Order not found');
  });

  test('When the body is invalid, then 400 naming the fields', async () => {
    const buyer = newBuyer();

    const res = await call(h.base, 'POST', '/api/payments', {
      cookie: buyer.cookie,
      body: { orderId: 'abc', paymentMethod: 42 },
    });

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['orderId', 'paymentMethod']);
  });

  test('When the same order is paid by 6 concurrent requests, then one charge, one PaymentIntent, one ChargeCreated, no 5xx', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);

    const replies = await Promise.all(Array.from({ length: 6 }, () => pay(h.base, buyer.cookie, orderId)));

    const statuses = replies.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const paid = replies.filter((r) => r.status === 201);
    expect(paid.length).toBeGreaterThanOrEqual(1);
    // Every 201 is the same charge, paid by the same PaymentIntent.
    expect(new Set(paid.map((r) => `${r.body.id}/${r.body.stripeId}`)).size).toBe(1);
    expect(fake.intentsCreatedFor(orderId)).toBe(1);
    await nextEvent(h.bus, ChargeCreated, (d) => d.orderId === orderId);
    expect(await eventsInStream(h.bus, ChargeCreated, (d) => d.orderId === orderId)).toHaveLength(1);
    const list = await call(h.base, 'GET', `/api/payments?orderId=${orderId}`, { cookie: buyer.cookie });
    expect(list.body).toEqual([paid[0]?.body]);
  });
});

describe('GET /api/payments', () => {
  test('When a buyer lists their charges, then they see theirs only, newest first', async () => {
    const buyer = newBuyer();
    const other = newBuyer();
    const first = await placeOrder(h.bus, buyer.userId, 10);
    const second = await placeOrder(h.bus, buyer.userId, 30);
    const others = await placeOrder(h.bus, other.userId, 50);
    const a = await pay(h.base, buyer.cookie, first.orderId);
    const b = await pay(h.base, buyer.cookie, second.orderId);
    await pay(h.base, other.cookie, others.orderId);

    const res = await call(h.base, 'GET', '/api/payments', { cookie: buyer.cookie });

    expect(res.status).toBe(200);
    expect(res.body).toEqual([b.body, a.body]);
  });

  test('When nobody is signed in, then 401', async () => {
    const res = await call(h.base, 'GET', '/api/payments');

    expect(res.status).toBe(401);
  });

  test('When orderId is not an id, then 400', async () => {
    const { cookie } = sessionCookie(TEST_JWT_KEY);

    const res = await call(h.base, 'GET', '/api/payments?orderId=nope', { cookie });

    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('orderId');
  });
});
