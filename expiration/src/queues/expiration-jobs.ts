import { EXPIRE_ORDER_JOB, EXPIRE_ORDER_JOB_OPTIONS, expirationQueue } from './expiration-queue';
import { currentTraceCarrier, LISTENER_DEFAULTS, whenRedisReady, withDeadline } from '@ticketing/common';

/**
 * How long a listener waits for Redis before failing (the message is then redelivered with backoff): 10 s. Twice this
 * (the wait for the connection, then for the command) stays under the listeners' ack wait, so a message is never
 * redelivered while its handler still runs.
 */
const REDIS_WAIT_MS = LISTENER_DEFAULTS.ackWaitMs / 3;

/**
 * Schedules the expiry of an order: one delayed job whose id is the order id (DESIGN §6: one job per order), due at
 * `expiresAt`. The delay is computed from `expiresAt`, not from when the event arrived, so a late or redelivered
 * OrderCreated still fires on time, and at once if `expiresAt` has passed. A second call for the same order (a
 * redelivered or duplicate OrderCreated) schedules nothing: BullMQ ignores an add whose jobId exists, and finished
 * jobs are kept for a day (see EXPIRE_ORDER_JOB_OPTIONS). Throws when Redis is unavailable for 10 s. The job carries
 * the active trace context (the OrderCreated being handled), which its processing continues (DESIGN §14).
 */
export async function scheduleExpiration(orderId: string, expiresAt: string): Promise<void> {
  const { queue, connection } = expirationQueue();
  await whenRedisReady(connection, REDIS_WAIT_MS);
  const now = Date.now();
  await withDeadline(
    queue.add(
      EXPIRE_ORDER_JOB,
      { orderId, expiresAt, ...currentTraceCarrier() },
      { ...EXPIRE_ORDER_JOB_OPTIONS, jobId: orderId, timestamp: now, delay: Math.max(0, Date.parse(expiresAt) - now) },
    ),
    REDIS_WAIT_MS,
    'schedule expiry',
  );
}

/** What {@link cancelExpiration} found. */
export type CancelOutcome = 'removed' | 'absent' | 'already-fired';

/**
 * Drops an order's pending expiry (the order was paid or cancelled). An unknown order is fine ('absent'). A job that
 * already fired, is firing or failed for good is kept ('already-fired'): a finished job is the record that makes a
 * late OrderCreated schedule nothing, and orders ignores OrderExpired for an order that is no longer open
 * (DESIGN §7), which is also why losing the race with a job that starts right now is harmless.
 * Throws when Redis is unavailable for 10 s.
 */
export async function cancelExpiration(orderId: string): Promise<CancelOutcome> {
  const { queue, connection } = expirationQueue();
  await whenRedisReady(connection, REDIS_WAIT_MS);
  return withDeadline(
    (async (): Promise<CancelOutcome> => {
      const job = await queue.getJob(orderId);
      if (!job) return 'absent';
      const state = await job.getState();
      if (state === 'completed' || state === 'failed' || state === 'active') return 'already-fired';
      // 0 when the job became active in between (it holds a lock): it fires, and orders ignores it.
      return (await queue.remove(orderId)) === 1 ? 'removed' : 'already-fired';
    })(),
    REDIS_WAIT_MS,
    'cancel expiry',
  );
}
