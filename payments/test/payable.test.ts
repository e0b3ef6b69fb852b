// DESIGN §5 and §3: an order past its expiresAt is not payable even before its cancellation arrives, and a retried
// payment with the same Idempotency-Key gets the first answer.
import { newObjectId, OrderCreated } from '@ticketing/common';
import { eventually, publishEvent } from '@ticketing/testing';
import { findReplicatedOrder } from '../src/models/order-replica';
import { startStripeFakeProbe, type StripeFakeProbe } from './support/stripe-fake-probe';
import { call, type Harness, newBuyer, placeOrder, startPayments } from './support/payments-harness';

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

const pay = (cookie: string, orderId: string, paymentMethod: string, key: string) =>
  fetch(`${h.base}/api/payments`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify({ orderId, paymentMethod }),
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> }));

describe('what can be paid', () => {
  test('When the order is past its expiresAt but still created here, then payment is refused with 409 and Stripe is not called', async () => {
    const buyer = newBuyer();
    const orderId = newObjectId();
    await publishEvent(h.bus, OrderCreated, {
      id: orderId,
      version: 0,
      status: 'created',
      userId: buyer.userId,
      expiresAt: new Date(Date.now() - 1).toISOString(),
      ticket: { id: newObjectId(), price: 20, version: 0 },
    });
    await eventually(() => findReplicatedOrder(orderId), 'order in the replica');
    const stripeCalls = fake.finished.length;

    const res = await call(h.base, 'POST', '/api/payments', {
      cookie: buyer.cookie,
      body: { orderId, paymentMethod: 'pm_card_visa' },
    });

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'Order has expired' }] });
    expect(fake.finished.length).toBe(stripeCalls);
  });

  test('When a successful payment is retried with the same Idempotency-Key, then the retry gets the same 201 charge', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);

    const first = await pay(buyer.cookie, orderId, 'pm_card_visa', 'pay-key-1');
    const retry = await pay(buyer.cookie, orderId, 'pm_card_visa', 'pay-key-1');
    const otherKey = await pay(buyer.cookie, orderId, 'pm_card_visa', 'pay-key-2');

    expect([first.status, retry.status, otherKey.status]).toEqual([201, 201, 409]);
    expect(retry.body).toEqual(first.body);
  });

  test('When a declined payment is retried with the same Idempotency-Key, then the retry gets the same 402', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);

    const first = await pay(buyer.cookie, orderId, 'pm_card_chargeDeclined', 'pay-key-3');
    const retry = await pay(buyer.cookie, orderId, 'pm_card_chargeDeclined', 'pay-key-3');

    expect([first.status, retry.status]).toEqual([402, 402]);
    expect(retry.body).toEqual(first.body);
  });
});
