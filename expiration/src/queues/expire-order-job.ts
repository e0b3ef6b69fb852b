import { UnrecoverableError, type Job } from 'bullmq';
import {
  contextOf,
  inSpan,
  InvalidEventError,
  OrderExpired,
  orderExpiredEventId,
  publish,
  ROOT_CONTEXT,
  SpanKind,
  type Bus,
  type Logger,
  type TraceCarrier,
} from '@ticketing/common';
import { recordExpiryLateness } from './expiry-metrics';

/**
 * What an expiry job carries: the order, when it is due (for the lateness in the log and the metrics), and the trace
 * context of its scheduling (DESIGN §14: the expiry continues the order's trace; absent in jobs scheduled untraced).
 */
export interface ExpireOrderJobData extends TraceCarrier {
  orderId: string;
  expiresAt: string;
}

/**
 * The worker's processor: publishes OrderExpired for the job's order. The event id follows from the order
 * (`order.expired:<orderId>`), so a job retried after a publish whose PubAck was lost is stored once by JetStream.
 * A failed publish (bus down) throws, and BullMQ retries the job with backoff. Each attempt is a CONSUMER span
 * `order-expiration process` in the trace of the OrderCreated that scheduled the job.
 */
export function expireOrderProcessor(bus: Bus, log: Logger) {
  return (job: Job<ExpireOrderJobData>): Promise<void> =>
    inSpan(
      'order-expiration process',
      {
        kind: SpanKind.CONSUMER,
        parent: contextOf(job.data, ROOT_CONTEXT),
        attributes: {
          'messaging.system': 'bullmq',
          'messaging.operation.type': 'process',
          'messaging.destination.name': 'order-expiration',
          'messaging.message.id': job.id ?? job.data.orderId,
          'ticketing.job.attempt': job.attemptsMade + 1,
        },
      },
      () => expire(bus, log, job),
    );
}

/** Publishes the job's OrderExpired (see {@link expireOrderProcessor}). */
async function expire(bus: Bus, log: Logger, job: Job<ExpireOrderJobData>): Promise<void> {
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
}
