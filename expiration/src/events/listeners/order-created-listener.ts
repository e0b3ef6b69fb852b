import { defineListener, OrderCreated } from '@ticketing/common';
import { scheduleExpiration } from '../../queues/expiration-jobs';

/**
 * An order was placed: schedule its expiry at `expiresAt`. Idempotent (the job id is the order id), so a duplicate
 * or redelivered OrderCreated schedules nothing new. While Redis is down the handler throws and the message is
 * redelivered with backoff; 30 deliveries of up to ~20 s each ride out an outage of several minutes.
 */
export const orderCreatedListener = defineListener({
  event: OrderCreated,
  maxDeliver: 30,
  async handle(data, { log }) {
    await scheduleExpiration(data.id, data.expiresAt);
    log.debug({ orderId: data.id, expiresAt: data.expiresAt }, 'expiry scheduled');
  },
});
