import { forEachIdBatch, type Logger, recordCancelledEvent } from '@ticketing/common';
import { cancelOrder } from './cancel-order';
import { openOrdersOfEvent } from './open-orders';

/** How many open orders are read, and cancelled at once, per batch: bounded work and bounded concurrency. */
const BATCH = 50;

/**
 * An event was cancelled (DESIGN §12): records it (new orders for its tickets are refused from then on, placeOrder),
 * THEN cancels every open order of the event with OrderCancelled, as any cancellation does (the ticket's lock freed,
 * tickets and payments told). No transaction: batches of the event's open orders (open-orders.ts, the live working
 * set) read by id after a cursor (forEachIdBatch), each order cancelled by its own conditional update, so a
 * redelivery, a second replica at the same time or a restart half-way through goes over them again and cancels each
 * order once (one OrderCancelled each). A completed order is left completed: payments refunds its charge. Resolves
 * with how many orders this call cancelled.
 */
export async function cancelEventOrders(event: { id: string; version: number }, log: Logger): Promise<number> {
  await recordCancelledEvent(event.id, event.version);
  const cancelled = await forEachIdBatch(
    (after) => openOrdersOfEvent(event.id, BATCH, after),
    async (batch) => {
      const results = await Promise.all(batch.map((orderId) => cancelOrder(orderId, 'event-cancelled', log)));
      return results.filter((result) => result.outcome === 'cancelled').length;
    },
  );
  log.info({ eventId: event.id, cancelled }, 'open orders of a cancelled event cancelled');
  return cancelled;
}
