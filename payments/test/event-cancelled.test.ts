// DESIGN §12: an event's cancellation, as payments takes it. Every completed charge of the event is refunded in full
// through Stripe, once (counted at the Stripe fake), whatever the replicas and redeliveries; the buyer's charge says
// "Refunded: event cancelled"; payments keeps the record a payout job will skip the event by. The fake answers every
// request after LATENCY_MS, which keeps a payment at Stripe while the event is cancelled.
import { ChargeRefunded, EventCancelled, isEventCancelled } from '@ticketing/common';
import { deliverToTwoReplicas, eventsInStream, eventually, publishEvent, settled } from '@ticketing/testing';
import { eventCancelledListener } from '../src/events/listeners/event-cancelled-listener';
import { startSlowStripeFakeProbe, type StripeFakeProbe } from './support/stripe-fake-probe';
import { call, type Harness, newBuyer, orderEvent, pay, placeOrder, startPayments } from './support/payments-harness';

const LATENCY_MS = 300;
const DURABLE = 'payments-event-cancelled';

let fake: StripeFakeProbe;
let h: Harness;

beforeAll(async () => {
  fake = await startSlowStripeFakeProbe(LATENCY_MS);
  h = await startPayments(fake.url);
});

afterAll(async () => {
  await h?.stop();
  await fake?.close();
});

/** `count` buyers' orders of `event`, each paid (201), at once. */
function paidOrders(event: { id: string; startsAt: string }, count: number, price = 30) {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const buyer = newBuyer();
      const { orderId } = await placeOrder(h.bus, buyer.userId, price, undefined, { event });
      const res = await pay(h.base, buyer.cookie, orderId);
      expect(res.status).toBe(201);
      return { buyer, orderId, charge: res.body };
    }),
  );
}

async function chargeOf(cookie: string, orderId: string) {
  return (await call(h.base, 'GET', `/api/payments?orderId=${orderId}`, { cookie })).body[0];
}

/** The refunds Stripe made for the order: requests that ran at the fake, not replays of an earlier one. */
const refundsAtStripe = (orderId: string) =>
  fake.finished.filter(
    (l) => l.method === 'POST' && l.path === '/v1/refunds' && l.idempotencyKey === `refund:${orderId}` && !l.replayed,
  ).length;

describe('listener: event.cancelled', () => {
  test('When an event is cancelled, then each completed charge of it is refunded in full, once, saying why; another event is untouched', async () => {
    const event = orderEvent();
    const paid = await paidOrders(event, 2);
    const otherEvent = orderEvent();
    const [other] = await paidOrders(otherEvent, 1);

    await publishEvent(h.bus, EventCancelled, { id: event.id, version: 1 });
    await settled(h.bus, DURABLE, 20_000);

    for (const { buyer, orderId, charge } of paid) {
      const refunded = await chargeOf(buyer.cookie, orderId);
      expect(refunded).toEqual({
        ...charge,
        stripeRefundId: expect.stringMatching(/^re_/),
        refundReason: 'Refunded: event cancelled',
      });
      const refund = await fake.sdk.refunds.retrieve(refunded.stripeRefundId);
      expect(refund).toMatchObject({ payment_intent: charge.stripeId, amount: 3000, status: 'succeeded' });
      expect(refundsAtStripe(orderId)).toBe(1);
      const events = await eventually(async () => {
        const found = await eventsInStream(h.bus, ChargeRefunded, (d) => d.orderId === orderId);
        return found.length > 0 ? found : undefined;
      }, `ChargeRefunded of ${orderId}`);
      expect(events.map((e) => e.data)).toEqual([
        { id: charge.id, orderId, amount: 30, stripeRefundId: refunded.stripeRefundId },
      ]);
    }
    expect(await chargeOf(other!.buyer.cookie, other!.orderId)).toEqual(other!.charge);
    expect(refundsAtStripe(other!.orderId)).toBe(0);
    // The record a payout job reads to pay nothing for the event (issue 25).
    expect(await isEventCancelled(event.id)).toBe(true);
    expect(await isEventCancelled(otherEvent.id)).toBe(false);
  });

  test('When two replicas get EventCancelled and its redelivery at once, then Stripe refunds each charge once', async () => {
    const event = orderEvent();
    // More than one batch (refund-event-charges.ts reads 20 at a time).
    const paid = await paidOrders(event, 23);

    await deliverToTwoReplicas({
      bus: h.bus,
      natsUrl: h.nats.url,
      service: 'payments',
      listener: eventCancelledListener,
      data: { id: event.id, version: 1 },
      timeoutMs: 30_000,
    });

    for (const { buyer, orderId } of paid) {
      expect(await chargeOf(buyer.cookie, orderId)).toMatchObject({ refundReason: 'Refunded: event cancelled' });
      expect(refundsAtStripe(orderId)).toBe(1);
    }
    const orderIds = new Set(paid.map((p) => p.orderId));
    const refunded = await eventually(async () => {
      const found = await eventsInStream(h.bus, ChargeRefunded, (d) => orderIds.has(d.orderId));
      return found.length >= orderIds.size ? found : undefined;
    }, 'every ChargeRefunded in the archive');
    expect(refunded.map((e) => e.data.orderId).sort()).toEqual([...orderIds].sort());
  });

  test('When the event is cancelled while a payment is at Stripe, then the payment is answered 409 and refunded once', async () => {
    const buyer = newBuyer();
    const event = orderEvent();
    const { orderId } = await placeOrder(h.bus, buyer.userId, 30, undefined, { event });
    const paying = pay(h.base, buyer.cookie, orderId);
    await eventually(
      () => fake.arrived.some((r) => r.path === '/v1/payment_intents' && r.idempotencyKey === `pay:${orderId}`),
      'the payment at Stripe',
    );

    await publishEvent(h.bus, EventCancelled, { id: event.id, version: 1 });
    await settled(h.bus, DURABLE);
    const res = await paying;

    expect(res.status).toBe(409);
    const charge = await eventually(async () => {
      const c = await chargeOf(buyer.cookie, orderId);
      return c?.stripeRefundId ? c : undefined;
    }, `charge of ${orderId} refunded`);
    expect(charge).toMatchObject({ status: 'completed', refundReason: 'Refunded: event cancelled' });
    expect(refundsAtStripe(orderId)).toBe(1);
  });
});
