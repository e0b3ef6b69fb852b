import { newObjectId, OrderCancelled, OrderCompleted, OrderCreated, OrderExpired } from '@ticketing/common';
import { eventsInStream, eventually, publishEvent, settled } from '@ticketing/testing';
import { orderCreatedData } from './support/expiration-fixtures';
import { useExpirationService } from './support/harness';

const h = useExpirationService();

// OrderCancelled and OrderCompleted close an order: both listeners drop its pending expiry job.
describe.each([
  ['order.cancelled', OrderCancelled, 'expiration-order-cancelled'],
  ['order.completed', OrderCompleted, 'expiration-order-completed'],
] as const)('listener: %s', (_subject, contract, durable) => {
  test('When the order is closed before its expiry is due, then its job is removed and no OrderExpired is published', async () => {
    const due = Date.now() + 2_000;
    const order = orderCreatedData(due);
    await publishEvent(h.bus, OrderCreated, order);
    await eventually(async () => (await h.queue.jobState(order.id)) === 'delayed', 'expiry job scheduled');

    await publishEvent(h.bus, contract, { id: order.id, version: 1, ticket: { id: order.ticket.id } });
    await settled(h.bus, durable);

    expect(await h.queue.jobState(order.id)).toBeUndefined();
    // Past the due time + 1 s with the job still gone: had it fired, OrderExpired would be in the stream by now.
    await eventually(
      async () => Date.now() > due + 1_000 && (await h.queue.jobState(order.id)) === undefined,
      'due time + 1 s passed, no job',
      { timeoutMs: 10_000 },
    );
    expect(h.watch.arrivals(order.id)).toEqual([]);
    expect(await eventsInStream(h.bus, OrderExpired, (d) => d.orderId === order.id)).toEqual([]);
  });

  test('When an unknown order is closed, then the event is acknowledged without effect', async () => {
    const id = newObjectId();

    await publishEvent(h.bus, contract, { id, version: 1, ticket: { id: newObjectId() } });
    await settled(h.bus, durable);

    expect(await h.queue.jobState(id)).toBeUndefined();
  });
});

describe('listener: order.cancelled', () => {
  test('When an order is cancelled after its expiry fired (by orders, on OrderExpired), then the finished job is kept and a late OrderCreated schedules nothing', async () => {
    const order = orderCreatedData(Date.now() - 1_000);
    await publishEvent(h.bus, OrderCreated, order);
    await eventually(async () => (await h.queue.jobState(order.id)) === 'completed', 'expiry job completed');

    await publishEvent(h.bus, OrderCancelled, { id: order.id, version: 1, ticket: { id: order.ticket.id } });
    await settled(h.bus, 'expiration-order-cancelled');
    await publishEvent(h.bus, OrderCreated, order);
    await settled(h.bus, 'expiration-order-created');

    expect(await h.queue.jobState(order.id)).toBe('completed');
    expect(h.watch.arrivals(order.id)).toHaveLength(1);
  });
});
