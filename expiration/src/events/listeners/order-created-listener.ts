import { defineListener, OrderCreated } from '@ticketing/common';
import { scheduleExpiration } from '../../queues/expiration-jobs';

/**
 * An order was placed: schedule its expiry at `expiresAt`. Idempotent (the job id is the order id), so a duplicate
 * or redelivered OrderCreated schedules nothing new. While Redis is down the handler throws a connection error, which
 * the listener treats as transient: the message is redelivered with backoff for as long as the outage lasts.
 */
export const orderCreatedListener = defineListener({
  event: OrderCreated,
  async handle(data, { log }) {
    await scheduleExpiration(data.id, data.expiresAt);
    log.debug({ orderId: data.id, expiresAt: data.expiresAt }, 'expiry scheduled');
  },
});
