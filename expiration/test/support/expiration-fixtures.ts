import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { newObjectId, OrderExpired, type Bus, type OrderCreatedData } from '@ticketing/common';
import { EXPIRATION_QUEUE } from '../../src/queues/expiration-queue';

/** The data of an OrderCreated for a fresh order and ticket, due at `expiresAt`. */
export function orderCreatedData(expiresAt: Date | number): OrderCreatedData {
  return {
    id: newObjectId(),
    version: 0,
    status: 'created',
    userId: newObjectId(),
    expiresAt: new Date(expiresAt).toISOString(),
    ticket: { id: newObjectId(), price: 20, version: 0 },
  };
}

/**
 * Every OrderExpired *published*, with the time it arrived, through a plain NATS subscription on the subject. It sees
 * each publish, including one JetStream drops as a duplicate, so it counts how many times a job really fired (the
 * stream alone would hide a second publish behind the Nats-Msg-Id dedupe).
 */
export interface ExpiryWatch {
  /** Arrival times (ms since epoch) of the OrderExpired publishes for `orderId`. */
  arrivals(orderId: string): number[];
  stop(): void;
}

export function watchExpiries(bus: Bus): ExpiryWatch {
  const seen = new Map<string, number[]>();
  const sub = bus.nc.subscribe(OrderExpired.subject, {
    callback: (err, msg) => {
      if (err) return;
      const at = Date.now();
      const { orderId } = (msg.json() as { data: { orderId: string } }).data;
      seen.set(orderId, [...(seen.get(orderId) ?? []), at]);
    },
  });
  return { arrivals: (orderId) => seen.get(orderId) ?? [], stop: () => sub.unsubscribe() };
}

/** A read-only look at the service's queue (its own connection), to observe job states the way a dashboard would. */
export interface QueueObserver {
  /** `delayed`, `completed`…, or undefined when there is no job for the order. */
  jobState(orderId: string): Promise<string | undefined>;
  /** How many attempts of the order's job have failed so far (0 when there is no job). */
  attemptsMade(orderId: string): Promise<number>;
  close(): Promise<void>;
}

export function observeQueue(redisUrl: string): QueueObserver {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined); // a test that restarts Redis expects errors here
  const queue = new Queue(EXPIRATION_QUEUE, { connection });
  queue.on('error', () => undefined);
  return {
    async jobState(orderId) {
      const job = await queue.getJob(orderId);
      return job ? job.getState() : undefined;
    },
    async attemptsMade(orderId) {
      return (await queue.getJob(orderId))?.attemptsMade ?? 0;
    },
    async close() {
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
