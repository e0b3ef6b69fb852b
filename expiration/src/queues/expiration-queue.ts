import { Queue, Worker, type JobsOptions } from 'bullmq';
import { isRedisReady, withDeadline, type Bus, type Dependency, type Logger, type Redis } from '@ticketing/common';
import { expireOrderProcessor, type ExpireOrderJobData } from './expire-order-job';
import { observeDelayedJobs } from './expiry-metrics';

/** The BullMQ queue of order expiries (its Redis keys are `bull:order-expiration:*`). */
export const EXPIRATION_QUEUE = 'order-expiration';
export const EXPIRE_ORDER_JOB = 'expire-order';

/** Jobs handled at once by one process: each is one publish and its PubAck (about a millisecond). */
const WORKER_CONCURRENCY = 20;
/** Publish attempts of one job, so that a bus outage of up to ~30 minutes delays an expiry but never loses it. */
const PUBLISH_ATTEMPTS = 60;
const BACKOFF_TYPE = 'capped-exponential';

/** 1 s, 2 s, 4 s… capped at 30 s: a bus back after an outage sees the expiries within 30 s. */
function cappedExponentialBackoff(attemptsMade: number): number {
  return Math.min(1_000 * 2 ** Math.max(0, attemptsMade - 1), 30_000);
}

/** The options of every expiry job (the delay and the id are set per order by `scheduleExpiration`). */
export const EXPIRE_ORDER_JOB_OPTIONS = {
  attempts: PUBLISH_ATTEMPTS,
  backoff: { type: BACKOFF_TYPE },
  // A finished job is kept for a day, because it is what makes a late OrderCreated schedule nothing: BullMQ ignores
  // an add whose jobId exists, in any state. Redeliveries back off to seconds apart, so unless an outage keeps an
  // OrderCreated undelivered for a day, a redelivered or duplicate one after the job fired adds nothing and OrderExpired
  // is not published twice (and orders ignores an OrderExpired for an order no longer open, DESIGN §7).
  removeOnComplete: { age: 24 * 3600 },
  // A job that failed every attempt stays a week, for inspection (and, like a completed one, blocks a re-add).
  removeOnFail: { age: 7 * 24 * 3600 },
} satisfies JobsOptions;

/** The open queue of this process; like mongoose's connection, there is one per process, opened at boot. */
interface OpenQueue {
  queue: Queue<ExpireOrderJobData>;
  connection: Redis;
}
let open: OpenQueue | undefined;

/** The queue opened by {@link openExpirationQueue}; throws if it is not open (a listener running before boot). */
export function expirationQueue(): OpenQueue {
  if (!open) throw new Error('the expiration queue is not open: openExpirationQueue runs in the service connect step');
  return open;
}

/**
 * Opens the queue and the worker that publishes OrderExpired when a job is due, on the service's Redis connection
 * (a `jobs` client that startService has connected and closes last), and returns them as one dependency: ready while
 * Redis answers PING and the worker runs; `close()` stops the worker gracefully (jobs in flight finish), then closes
 * the queue.
 */
export function openExpirationQueue({
  connection,
  bus,
  log: parentLog,
}: {
  connection: Redis;
  bus: Bus;
  log: Logger;
}): Dependency {
  const log = parentLog.child({ queue: EXPIRATION_QUEUE });
  const queue = new Queue<ExpireOrderJobData>(EXPIRATION_QUEUE, { connection });
  const worker = new Worker<ExpireOrderJobData>(EXPIRATION_QUEUE, expireOrderProcessor(bus, log), {
    connection,
    concurrency: WORKER_CONCURRENCY,
    settings: { backoffStrategy: cappedExponentialBackoff },
  });
  // Both re-emit the connection's errors; without a listener an 'error' event would crash the process. During a Redis
  // outage (already logged by startService's connection) they repeat every few seconds, hence debug then.
  const onError = (source: string) => (err: Error) =>
    log[connection.status === 'ready' ? 'warn' : 'debug']({ err }, `${source} error`);
  queue.on('error', onError('queue'));
  worker.on('error', onError('worker'));
  worker.on('failed', (job, err) => {
    const final = job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1);
    log[final ? 'error' : 'warn'](
      { err, orderId: job?.data.orderId, attemptsMade: job?.attemptsMade },
      final ? 'OrderExpired could not be published; job failed for good' : 'OrderExpired not published yet; will retry',
    );
  });
  const stopObserving = observeDelayedJobs(queue);
  const current: OpenQueue = { queue, connection };
  open = current;

  return {
    name: 'expiration-queue',
    isReady: async () => worker.isRunning() && (await isRedisReady(connection)),
    async close() {
      if (open === current) open = undefined;
      stopObserving();
      // Graceful first (a job publishing now finishes); forced if Redis is unreachable and the close hangs.
      await withDeadline(worker.close(), 5_000, 'worker close').catch(() => worker.close(true));
      await queue.close().catch((err: unknown) => log.warn({ err }, 'queue close failed'));
    },
  };
}
