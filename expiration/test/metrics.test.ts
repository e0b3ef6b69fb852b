import { OrderCreated } from '@ticketing/common';
import { eventually, publishEvent, sampleSum } from '@ticketing/testing';
import { orderCreatedData } from './support/expiration-fixtures';
import { useExpirationService } from './support/harness';

const h = useExpirationService();

/** The service's GET /metrics, on its own port as Prometheus reads it. */
async function scrape(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${h.service.port}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
}

describe('metrics', () => {
  test('When an order expires a minute late, then its lateness is recorded; an order due later counts as a delayed job', async () => {
    const before = await scrape();
    const late = orderCreatedData(Date.now() - 60_000);
    const later = orderCreatedData(Date.now() + 10 * 60_000);

    await publishEvent(h.bus, OrderCreated, late);
    await publishEvent(h.bus, OrderCreated, later);
    await eventually(() => h.watch.arrivals(late.id)[0], 'OrderExpired published');
    await eventually(async () => (await h.queue.jobState(later.id)) === 'delayed', 'expiry job scheduled');
    const after = await scrape();

    const moved = (name: string) => sampleSum(after, name) - sampleSum(before, name);
    expect(moved('ticketing_order_expiry_lateness_count')).toBe(1);
    expect(moved('ticketing_order_expiry_lateness_sum')).toBeGreaterThanOrEqual(60);
    expect(moved('ticketing_order_expiry_lateness_sum')).toBeLessThan(70);
    expect(sampleSum(after, 'ticketing_expiry_jobs_delayed')).toBe(1); // this file's own Redis: only `later` waits
  });
});
