import { UnrecoverableError, type Job } from 'bullmq';
import {
  InvalidEventError,
  OrderExpired,
  orderExpiredEventId,
  publish,
  type Bus,
  type Logger,
} from '@ticketing/common';
import { recordExpiryLateness } from './expiry-metrics';

/** What an expiry job carries: the order, and when it is due (for the lateness in the log and the metrics). */
export interface ExpireOrderJobData {
  orderId: string;
  expiresAt: string;
}

/**
 * The worker's processor: publishes OrderExpired for the job's order. The event id follows from the order
 * (`order.expired:<orderId>`), so a job retried after a publish whose PubAck was lost is stored once by JetStream.
 * A failed publish (bus down) throws, and BullMQ retries the job with backoff.
 */
export function expireOrderProcessor(bus: Bus, log: Logger) {
  return async (job: Job<ExpireOrderJobData>): Promise<void> => {
    const { orderId, expiresAt } = job.data;
    try {
      const ack = await publish(bus, OrderExpired, { orderId }, { id: orderExpiredEventId(orderId) });
      if (!ack.duplicate) recordExpiryLateness(expiresAt);
      log.debug(
        {
          orderId,
          latenessMs: Date.now() - Date.parse(expiresAt),
          attempt: job.attemptsMade + 1,
          duplicate: ack.duplicate,
        },
        'order expired',
      );
    } catch (error) {
      // Bad data will not become good by retrying; anything else (the bus) might.
      if (error instanceof InvalidEventError) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}
