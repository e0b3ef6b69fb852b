// A card that needs 3-D Secure (DESIGN §7): POST /api/payments answers 202 with the PaymentIntent's client secret,
// the browser answers the challenge (here: on the Stripe fake's challenge page, as the browser's frame would), and
// POST /api/payments/confirm reads the intent from Stripe and settles the charge, once.
import { ChargeCreated, ChargeRefunded, newObjectId } from '@ticketing/common';
import { eventsInStream, eventually, nextEvent } from '@ticketing/testing';
import { startStripeFakeProbe, type StripeFakeProbe } from './support/stripe-fake-probe';
import { answerChallenge, challengeAnswer, challengeAnswerUrl } from './support/three-d-secure';
import {
  call,
  cancelOrder,
  type Harness,
  newBuyer,
  pay,
  placeOrder,
  type Reply,
  startPayments,
} from './support/payments-harness';

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

const confirm = (cookie: string, orderId: string): Promise<Reply> =>
  call(h.base, 'POST', '/api/payments/confirm', { cookie, body: { orderId } });

async function chargesOf(cookie: string, orderId: string) {
  return (await call(h.base, 'GET', `/api/payments?orderId=${orderId}`, { cookie })).body;
}

describe('POST /api/payments with a card that needs 3-D Secure', () => {
  test('When the card needs authentication, then 202 with the charge still created, its PaymentIntent and client secret', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId, 25);

    const res = await pay(h.base, buyer.cookie, orderId, NEEDS_3DS);

    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      orderId,
      status: 'created',
      amount: 25,
      stripeId: expect.stringMatching(/^pi_/),
      requiresAction: true,
      clientSecret: expect.stringMatching(/^pi_\w+_secret_/),
    });
    const intent = await fake.sdk.paymentIntents.retrieve(res.body.stripeId);
    expect(intent).toMatchObject({ status: 'requires_action', client_secret: res.body.clientSecret });
    const { requiresAction: _r, clientSecret: _c, ...charge } = res.body;
    expect(await chargesOf(buyer.cookie, orderId)).toEqual([charge]);
  });

  test('When the buyer completes the challenge and confirms, then 201 completed and one ChargeCreated completed', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId, 25);
    const started = await pay(h.base, buyer.cookie, orderId, NEEDS_3DS);
    await answerChallenge(fake.url, started, 'complete');

    const res = await confirm(buyer.cookie, orderId);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: started.body.id,
      orderId,
      status: 'completed',
      amount: 25,
      stripeId: started.body.stripeId,
    });
    const event = await nextEvent(h.bus, ChargeCreated, (d) => d.orderId === orderId);
    expect(event.data).toEqual({
      id: started.body.id,
      orderId,
      status: 'completed',
      amount: 25,
      stripeId: started.body.stripeId,
    });
    expect(await chargesOf(buyer.cookie, orderId)).toEqual([res.body]);
  });

  test('When the buyer fails the challenge and confirms, then 402 in words the buyer understands, and the charge fails', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);
    const started = await pay(h.base, buyer.cookie, orderId, NEEDS_3DS);
    await answerChallenge(fake.url, started, 'fail');

    const res = await confirm(buyer.cookie, orderId);

    expect(res.status).toBe(402);
    expect(res.body).toEqual({
      errors: [
        {
          message:
            'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
        },
      ],
    });
    const event = await nextEvent(h.bus, ChargeCreated, (d) => d.orderId === orderId);
    expect(event.data).toMatchObject({ status: 'failed', stripeId: started.body.stripeId });
    // Failed only once Stripe can no longer take the money: the intent, which Stripe.js could confirm again, is cancelled.
    expect(await fake.sdk.paymentIntents.retrieve(started.body.stripeId)).toMatchObject({ status: 'canceled' });
  });

  test('When the buyer confirms before answering the challenge, then 202 again with the same client secret', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);
    const started = await pay(h.base, buyer.cookie, orderId, NEEDS_3DS);

    const res = await confirm(buyer.cookie, orderId);

    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: 'created',
      requiresAction: true,
      clientSecret: started.body.clientSecret,
    });
  });

  test('When confirm and a repeated POST /api/payments race after authentication, then one PaymentIntent and one ChargeCreated', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);
    const started = await pay(h.base, buyer.cookie, orderId, NEEDS_3DS);
    await answerChallenge(fake.url, started, 'complete');

    const replies = await Promise.all([
      confirm(buyer.cookie, orderId),
      confirm(buyer.cookie, orderId),
      pay(h.base, buyer.cookie, orderId, NEEDS_3DS),
    ]);

    // The repeated POST reads the same intent (201), unless a confirm stored the charge first: then it is an order
    // already paid, 409, as for any paid order.
    expect(replies.slice(0, 2).map((r) => r.status)).toEqual([201, 201]);
    expect([201, 409]).toContain(replies[2]?.status);
    expect(fake.intentsCreatedFor(orderId)).toBe(1);
    await nextEvent(h.bus, ChargeCreated, (d) => d.orderId === orderId);
    expect(await eventsInStream(h.bus, ChargeCreated, (d) => d.orderId === orderId)).toHaveLength(1);
    expect((await confirm(buyer.cookie, orderId)).status).toBe(201);
  });

  test('When the order is cancelled while the buyer authenticates, then its PaymentIntent is cancelled at Stripe and nothing can be charged', async () => {
    const buyer = newBuyer();
    const order = await placeOrder(h.bus, buyer.userId);
    const started = await pay(h.base, buyer.cookie, order.orderId, NEEDS_3DS);

    await cancelOrder(h.bus, order);

    await eventually(
      async () => (await fake.sdk.paymentIntents.retrieve(started.body.stripeId)).status === 'canceled',
      'the abandoned PaymentIntent cancelled at Stripe',
    );
    const failed = await nextEvent(h.bus, ChargeCreated, (d) => d.orderId === order.orderId);
    expect(failed.data).toMatchObject({ status: 'failed', stripeId: started.body.stripeId });
    const late = await fetch(challengeAnswerUrl(fake.url, started), challengeAnswer(started, 'complete'));
    expect(late.status).toBe(400);
    const res = await confirm(buyer.cookie, order.orderId);
    expect(res.status).toBe(409);
    expect(await fake.sdk.paymentIntents.retrieve(started.body.stripeId)).toMatchObject({
      status: 'canceled',
      amount_received: 0,
    });
    expect(await eventsInStream(h.bus, ChargeRefunded, (d) => d.orderId === order.orderId)).toEqual([]);
  });
});

describe('POST /api/payments with a card that needs 3-D Secure, when the order closes after the challenge', () => {
  test('When the buyer completed the challenge but the order is cancelled before payments hears of it, then the payment is completed and refunded', async () => {
    const buyer = newBuyer();
    const order = await placeOrder(h.bus, buyer.userId);
    const started = await pay(h.base, buyer.cookie, order.orderId, NEEDS_3DS);
    await answerChallenge(fake.url, started, 'complete');

    await cancelOrder(h.bus, order);

    const refunded = await nextEvent(h.bus, ChargeRefunded, (d) => d.orderId === order.orderId);
    expect(refunded.data.stripeRefundId).toMatch(/^re_/);
    const outcomes = await eventsInStream(h.bus, ChargeCreated, (d) => d.orderId === order.orderId);
    expect(outcomes.map((e) => e.data.status)).toEqual(['completed']);
    expect(await chargesOf(buyer.cookie, order.orderId)).toEqual([
      expect.objectContaining({ status: 'completed', stripeRefundId: refunded.data.stripeRefundId }),
    ]);
    const res = await confirm(buyer.cookie, order.orderId);
    expect(res.status).toBe(409);
    expect(res.body.errors[0].message).toMatch(/refunded/);
  });
});

describe('POST /api/payments/confirm', () => {
  test('When nobody is signed in, then 401', async () => {
    const res = await call(h.base, 'POST', '/api/payments/confirm', { body: { orderId: newObjectId() } });

    expect(res.status).toBe(401);
  });

  test("When the order is another buyer's, then 403 and Stripe is not asked", async () => {
    const owner = newBuyer();
    const { orderId } = await placeOrder(h.bus, owner.userId);
    await pay(h.base, owner.cookie, orderId, NEEDS_3DS);
    const requestsBefore = fake.finished.length;

    const res = await confirm(newBuyer().cookie, orderId);

    expect(res.status).toBe(403);
    expect(fake.finished.length).toBe(requestsBefore);
  });

  test('When the order is unknown, or has no payment yet, then 404', async () => {
    const buyer = newBuyer();
    const { orderId } = await placeOrder(h.bus, buyer.userId);

    const unknown = await confirm(buyer.cookie, newObjectId());
    const unpaid = await confirm(buyer.cookie, orderId);

    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].message).toBe('Order not found');
    expect(unpaid.status).toBe(404);
    expect(unpaid.body.errors[0].message).toBe('Payment not found');
  });

  test('When the order id is not an id, then 400 naming orderId', async () => {
    const res = await call(h.base, 'POST', '/api/payments/confirm', {
      cookie: newBuyer().cookie,
      body: { orderId: 'x' },
    });

    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('orderId');
  });
});
