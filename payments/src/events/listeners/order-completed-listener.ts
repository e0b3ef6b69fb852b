import { defineListener, OrderCompleted, retryLater } from '@ticketing/common';
import { applyOrderStatus } from '../../models/order-replica';
import { recordSale } from '../../models/record-sale';

/**
 * Marks the replica's order completed (paid): a later payment request for it is a 409. Then records the seller's
 * payout for it (DESIGN §12), once whatever the redeliveries: the payout's key is the order id. Recorded after the
 * replica is updated, so a redelivery after a crash in between records it.
 */
export const orderCompletedListener = defineListener({
  event: OrderCompleted,
  async handle(data, { log }) {
    if ((await applyOrderStatus(data.id, data.version, 'completed')) === 'ahead') return retryLater();
    await recordSale(data.id, log);
  },
});
