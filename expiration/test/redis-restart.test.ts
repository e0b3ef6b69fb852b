import { OrderCreated, OrderExpired } from '@ticketing/common';
import { eventsInStream, eventually, publishEvent, startTestRedis } from '@ticketing/testing';
import { orderCreatedData } from './support/expiration-fixtures';
import { useExpirationService } from './support/harness';

const h = useExpirationService();

async function readyz(): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${h.service.port}/readyz`).catch(() => undefined);
  return res?.status ?? 0;
}

describe('Redis restart', () => {
  test('When Redis restarts while jobs are pending, then /readyz is 503 while it is down, 200 after, and every job fires once', async () => {
    // Some due during the outage, some after it; and one order placed while Redis is down.
    const start = Date.now();
    const orders = [1_500, 2_000, 2_500, 6_000, 7_000].map((ms) => orderCreatedData(start + ms));
    for (const order of orders) await publishEvent(h.bus, OrderCreated, order);
    for (const order of orders)
      await eventually(async () => (await h.queue.jobState(order.id)) === 'delayed', `job of ${order.id} scheduled`);
    expect(await readyz()).toBe(200);

    const { port, dataDir } = h.redis;
    await h.redis.stop();
    await eventually(async () => (await readyz()) === 503, '/readyz 503 while Redis is down');
    const lateOrder = orderCreatedData(Date.now() + 1_000);
    await publishEvent(h.bus, OrderCreated, lateOrder);
    await eventually(() => Date.now() > start + 2_500, 'the first jobs are due while Redis is down');
    h.redis = await startTestRedis({ port, dataDir });

    await eventually(async () => (await readyz()) === 200, '/readyz 200 once Redis is back', { timeoutMs: 15_000 });
    for (const order of [...orders, lateOrder]) {
      await eventually(() => h.watch.arrivals(order.id).length > 0, `OrderExpired for ${order.id}`, {
        timeoutMs: 20_000,
      });
    }
    for (const order of [...orders, lateOrder]) {
      expect(h.watch.arrivals(order.id)).toHaveLength(1);
      expect(await eventsInStream(h.bus, OrderExpired, (d) => d.orderId === order.id)).toHaveLength(1);
    }
    // The ones due after the outage fired on time, not early: their schedule survived in the append-only file.
    for (const order of orders.slice(3)) {
      expect(h.watch.arrivals(order.id)[0]).toBeGreaterThanOrEqual(Date.parse(order.expiresAt));
    }
  });
});
