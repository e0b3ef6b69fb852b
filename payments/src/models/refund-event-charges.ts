import { forEachIdBatch, type Logger, recordCancelledEvent } from '@ticketing/common';
import { Charge } from './charge';
import { refundIfCancelled } from './refund-late-charge';

/** How many charges are read, and refunded at once, per batch: bounded work and bounded concurrency at Stripe. */
const BATCH = 20;

/** Up to BATCH completed, unrefunded charges of event `eventId` (their order ids), in id order after `after`. */
async function unrefundedChargesOfEvent(eventId: string, after: string | undefined): Promise<string[]> {
  const charges = await Charge.find(
    {
      eventId,
      status: 'completed',
      stripeRefundId: { $exists: false },
      ...(after !== undefined && { _id: { $gt: after } }),
    },
    { _id: 1 },
  )
    .sort({ _id: 1 })
    .limit(BATCH)
    .lean<Array<{ _id: string }>>();
  return charges.map((charge) => charge._id);
}

/**
 * An event was cancelled (DESIGN §12): records it in payments' own database (new charges for its orders are refused
 * from then on, and the record is what a payout job reads to pay its sellers nothing), THEN refunds every completed
 * charge of the event in full, by refundIfCancelled: Stripe's idempotency key `refund:<orderId>` and the conditional
 * update that stores the refund id once make a redelivery, a second replica at the same time or a restart half-way
 * through refund each charge once, with one ChargeRefunded. A charge that completes after this pass has looked is
 * refunded by its own late check (settle-charge.ts), which reads the record. No transaction: batches of the event's
 * completed, unrefunded charges, read by id after a cursor (forEachIdBatch). Resolves with how many charges this
 * call refunded. Throws what Stripe throws (the listener's redelivery goes on with what is left).
 */
export async function refundEventCharges(event: { id: string; version: number }, log: Logger): Promise<number> {
  await recordCancelledEvent(event.id, event.version);
  const refunded = await forEachIdBatch(
    (after) => unrefundedChargesOfEvent(event.id, after),
    async (batch) => {
      const outcomes = await Promise.all(batch.map((orderId) => refundIfCancelled(orderId, log)));
      return outcomes.filter((outcome) => outcome.kind === 'refunded').length;
    },
  );
  log.info({ eventId: event.id, refunded }, 'completed charges of a cancelled event refunded');
  return refunded;
}
