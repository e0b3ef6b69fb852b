import { randomUUID } from 'node:crypto';
import { OrderCreated, OrderExpired } from '@ticketing/common';
import { eventsInStream, eventually, nextEvent, publishEvent, settled } from '@ticketing/testing';
import { orderCreatedData } from './support/expiration-fixtures';
import { useExpirationService } from './support/harness';

const h = useExpirationService();

describe('listener: order.created', () => {
  test('When an order is due in 1.5 s, then OrderExpired is published less than 1 s after expiresAt, with its order id as event id', async () => {
    const expiresAt = Date.now() + 1_500;
    const order = orderCreatedData(expiresAt);

    await publishEvent(h.bus, OrderCreated, order);

    const arrivedAt = await eventually(() => h.watch.arrivals(order.id)[0], 'OrderExpired published', {
      timeoutMs: 10_000,
      intervalMs: 5,
    });
    const lateness = arrivedAt - expiresAt;
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThan(1_000);
    const expired = await nextEvent(h.bus, OrderExpired, (d) => d.orderId === order.id);
    expect(expired.id).toBe(`order.expired:${order.id}`);
    expect(Date.parse(expired.occurredAt)).toBeGreaterThanOrEqual(expiresAt);
  });

  test('When the order arrives after its expiresAt has passed, then OrderExpired is published at once', async () => {
    const order = orderCreatedData(Date.now() - 60_000);
    const publishedAt = Date.now();

    await publishEvent(h.bus, OrderCreated, order);

    const arrivedAt = await eventually(() => h.watch.arrivals(order.id)[0], 'OrderExpired published', {
      timeoutMs: 10_000,
      intervalMs: 5,
    });
    expect(arrivedAt - publishedAt).toBeLessThan(1_000);
    expect(await nextEvent(h.bus, OrderExpired, (d) => d.orderId === order.id)).toMatchObject({
      id: `order.expired:${order.id}`,
    });
  });

  test('When the same OrderCreated comes again (a new event id, before and after the job fired), then OrderExpired is published exactly once', async () => {
    const order = orderCreatedData(Date.now() + 1_000);

    await publishEvent(h.bus, OrderCreated, order);
    await publishEvent(h.bus, OrderCreated, order);
    await eventually(async () => (await h.queue.jobState(order.id)) === 'completed', 'expiry job completed', {
      timeoutMs: 10_000,
    });
    await publishEvent(h.bus, OrderCreated, order);
    await settled(h.bus, 'expiration-order-created');

    // The plain subscription counts every publish (JetStream's dedupe would hide a second one in the stream).
    expect(h.watch.arrivals(order.id)).toHaveLength(1);
    expect(await eventsInStream(h.bus, OrderExpired, (d) => d.orderId === order.id)).toHaveLength(1);
    expect(await h.queue.jobState(order.id)).toBe('completed');
  });

  test('When an OrderCreated payload is invalid, then it is terminated and no job is scheduled', async () => {
    const order = orderCreatedData(Date.now() - 1_000);
    const envelope = {
      id: randomUUID(),
      subject: OrderCreated.subject,
      occurredAt: new Date().toISOString(),
      data: { ...order, expiresAt: 'tomorrow' },
    };

    await h.bus.js.publish(OrderCreated.subject, JSON.stringify(envelope), { msgID: envelope.id });
    await settled(h.bus, 'expiration-order-created');

    expect(await h.queue.jobState(order.id)).toBeUndefined();
    expect(h.watch.arrivals(order.id)).toEqual([]);
  });
});
