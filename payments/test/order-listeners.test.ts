// The order replica: OrderCreated, OrderCancelled and OrderCompleted applied once each and in version order.
// The replica is state no route exposes, so these tests read it directly (STYLE, Tests).
import { newObjectId, OrderCancelled, OrderCompleted, OrderCreated, STREAM_NAME } from '@ticketing/common';
import { eventually, publishEvent, settled } from '@ticketing/testing';
import { findReplicatedOrder, OrderReplica } from '../src/models/order-replica';
import { startStripeFakeProbe, type StripeFakeProbe } from './support/stripe-fake-probe';
import { type Harness, newBuyer, pay, placeOrder, replicaAt, startPayments } from './support/payments-harness';

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

const createdData = (id: string, userId: string) => ({
  id,
  version: 0,
  status: 'created' as const,
  userId,
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
  ticket: { id: newObjectId(), price: 35.5, version: 0 },
});

describe('listener: order.created', () => {
  test('When OrderCreated is delivered twice, then the replica holds one version 0', async () => {
    const id = newObjectId();
    const data = createdData(id, newObjectId());

    await publishEvent(h.bus, OrderCreated, data);
    await publishEvent(h.bus, OrderCreated, data);
    await settled(h.bus, 'payments-order-created');

    expect(await OrderReplica.find({ _id: id }).lean()).toEqual([
      {
        _id: id,
        version: 0,
        userId: data.userId,
        price: 35.5,
        status: 'created',
        ticketId: data.ticket.id,
        expiresAt: data.expiresAt,
      },
    ]);
  });

  test('When an invalid OrderCreated arrives, then it is terminated and nothing is stored', async () => {
    const id = newObjectId();

    await h.bus.js.publish(
      'order.created',
      JSON.stringify({
        id: 'e1',
        subject: 'order.created',
        occurredAt: new Date().toISOString(),
        data: { id, version: 0, userId: 'nobody' },
      }),
    );
    await settled(h.bus, 'payments-order-created');

    expect(await findReplicatedOrder(id)).toBeNull();
    const info = await h.bus.jsm.consumers.info(STREAM_NAME, 'payments-order-created');
    expect(info.num_ack_pending).toBe(0);
  });
});

describe('listener: order.cancelled and order.completed', () => {
  test('When OrderCancelled arrives before its OrderCreated, then the replica ends cancelled at version 1', async () => {
    const id = newObjectId();
    const data = createdData(id, newObjectId());

    await publishEvent(h.bus, OrderCancelled, { id, version: 1, ticket: { id: data.ticket.id } });
    await publishEvent(h.bus, OrderCreated, data);

    const latest = await eventually(async () => {
      const order = await findReplicatedOrder(id);
      return order?.version === 1 ? order : undefined;
    }, 'replica at version 1');
    expect(latest.status).toBe('cancelled');
    expect(latest.price).toBe(35.5);
  });

  test('When OrderCompleted arrives, then the order cannot be paid again', async () => {
    const buyer = newBuyer();
    const order = await placeOrder(h.bus, buyer.userId);

    await publishEvent(h.bus, OrderCompleted, { id: order.orderId, version: 1, ticket: { id: order.ticketId } });
    await eventually(() => replicaAt(order.orderId, 1), 'replica at version 1');

    expect((await findReplicatedOrder(order.orderId))?.status).toBe('completed');
    expect((await pay(h.base, buyer.cookie, order.orderId)).status).toBe(409);
  });

  test('When an order without a charge is cancelled, then the listener acks without calling Stripe', async () => {
    const buyer = newBuyer();
    const order = await placeOrder(h.bus, buyer.userId);

    await publishEvent(h.bus, OrderCancelled, { id: order.orderId, version: 1, ticket: { id: order.ticketId } });
    await settled(h.bus, 'payments-order-cancelled');

    expect((await findReplicatedOrder(order.orderId))?.status).toBe('cancelled');
    expect(fake.finished.filter((l) => l.path === '/v1/refunds')).toHaveLength(0);
  });
});
