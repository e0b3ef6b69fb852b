import { OrderCreated, OrderExpired, type OrderCreatedData } from '@ticketing/common';
import { eventsInStream, eventually, publishEvent, startTestRedis } from '@ticketing/testing';
import { orderCreatedData } from '../support/expiration-fixtures';
import { useExpirationService } from '../support/harness';

// Fault (issue 14): Redis crashes and restarts with 100 expiry jobs pending.
// Injected: redis-server SIGKILLed (no shutdown, nothing saved then) while 100 delayed jobs wait; half of them fall due
// during the outage, half after; it is restarted on the same port and data dir (its append-only file) once the first
// half is 2 s past due (an outage of about 6 s).
// Asserted: every one of the 100 fires once: one OrderExpired publish per order seen on the wire and one in the
// stream; those due during the outage fire within 15 s of Redis being back, those due after it not before their time.

const JOBS = 100;

const h = useExpirationService();

/** Publishes OrderCreated for each order, a few at a time, as orders would. */
async function placeAll(orders: OrderCreatedData[]): Promise<void> {
  for (let i = 0; i < orders.length; i += 10) {
    await Promise.all(orders.slice(i, i + 10).map((order) => publishEvent(h.bus, OrderCreated, order)));
  }
}

describe('fault: Redis restarted with 100 pending expiry jobs', () => {
  test(`When Redis is SIGKILLed with ${JOBS} jobs pending and restarted, then every job fires exactly once`, async () => {
    const start = Date.now();
    // Due during the outage: 4 to 5 s from now (the kill comes once all are scheduled, well before).
    const dueInOutage = Array.from({ length: JOBS / 2 }, (_, i) => orderCreatedData(start + 4_000 + i * 20));
    // Due after it: 14 to 15 s from now.
    const dueAfter = Array.from({ length: JOBS / 2 }, (_, i) => orderCreatedData(start + 14_000 + i * 20));
    const all = [...dueInOutage, ...dueAfter];
    await placeAll(all);
    await eventually(
      async () => (await Promise.all(all.map((o) => h.queue.jobState(o.id)))).every((s) => s === 'delayed'),
      `all ${JOBS} jobs scheduled`,
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    expect(Date.now()).toBeLessThan(start + 4_000); // nothing was due yet: the kill finds every job pending
    expect(all.flatMap((o) => h.watch.arrivals(o.id))).toEqual([]);

    const { port, dataDir } = h.redis;
    h.redis.kill();
    await h.redis.stop(); // resolves once the killed process is reaped
    const killedAt = Date.now();
    const lastDueInOutage = Date.parse(dueInOutage.at(-1)?.expiresAt ?? '');
    await eventually(() => Date.now() > lastDueInOutage + 2_000, 'every job of the first half past due', {
      timeoutMs: 15_000,
    });
    h.redis = await startTestRedis({ port, dataDir });
    const backAt = Date.now();

    await eventually(
      () => dueInOutage.every((o) => h.watch.arrivals(o.id).length > 0),
      'OrderExpired for every job due during the outage',
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    const recoveredMs = Date.now() - backAt;
    await eventually(
      () => dueAfter.every((o) => h.watch.arrivals(o.id).length > 0),
      'OrderExpired for every job due after the outage',
      { timeoutMs: 20_000, intervalMs: 100 },
    );

    for (const order of all) expect(h.watch.arrivals(order.id)).toHaveLength(1);
    const ids = new Set(all.map((o) => o.id));
    const stored = await eventsInStream(h.bus, OrderExpired, (d) => ids.has(d.orderId));
    expect(stored).toHaveLength(JOBS);
    expect(new Set(stored.map((e) => e.data.orderId)).size).toBe(JOBS);
    for (const order of dueAfter) {
      expect(h.watch.arrivals(order.id)[0]).toBeGreaterThanOrEqual(Date.parse(order.expiresAt));
    }
    process.stderr.write(
      `redis restart: down ${backAt - killedAt} ms; the ${JOBS / 2} jobs due meanwhile fired within ` +
        `${recoveredMs} ms of its return; ${stored.length} OrderExpired stored for ${JOBS} jobs\n`,
    );
  }, 90_000);
});
