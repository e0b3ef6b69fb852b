import { OrderCreated, OrderExpired } from '@ticketing/common';
import { eventsInStream, eventually, publishEvent } from '@ticketing/testing';
import { orderCreatedData } from './support/expiration-fixtures';
import { useExpirationService } from './support/harness';

const h = useExpirationService();
let natsPaused = false;
h.beforeStop = () => {
  if (natsPaused) process.kill(h.nats.pid, 'SIGCONT');
};

describe('job: expire order', () => {
  test('When the h.bus does not answer while a job is due, then the job is retried and OrderExpired is stored once', async () => {
    const order = orderCreatedData(Date.now() + 1_000);
    await publishEvent(h.bus, OrderCreated, order);
    await eventually(async () => (await h.queue.jobState(order.id)) === 'delayed', 'expiry job scheduled');

    // A frozen h.nats-server (SIGSTOP) takes the publish but sends no PubAck: the attempt times out and fails.
    process.kill(h.nats.pid, 'SIGSTOP');
    natsPaused = true;
    await eventually(async () => (await h.queue.attemptsMade(order.id)) >= 1, 'first publish attempt failed', {
      timeoutMs: 15_000,
    });
    process.kill(h.nats.pid, 'SIGCONT');
    natsPaused = false;

    await eventually(
      async () => (await h.queue.jobState(order.id)) === 'completed',
      'expiry job completed on a retry',
      {
        timeoutMs: 15_000,
      },
    );
    // The failed attempt's message did reach the server; the retry has the same event id, so the stream keeps one.
    expect(await eventsInStream(h.bus, OrderExpired, (d) => d.orderId === order.id)).toHaveLength(1);
  });
});
