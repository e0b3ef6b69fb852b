import { defineListener, OrderCancelled, retryLater } from '@ticketing/common';
import { applyOrderStatus } from '../../models/order-replica';
import { refundIfOrderCancelled } from '../../models/refund-late-charge';

/**
 * Marks the replica's order cancelled, then refunds its charge if one completed: side (b) of the late-charge race
 * (see refundIfOrderCancelled). The charge is read only AFTER the cancellation is stored: the payment request stores
 * its charge and then reads the order, so one of the two always sees the other. A refund that fails (Stripe
 * unreachable) throws, and the event is redelivered until it succeeds. A charge still in flight is left to whoever
 * settles it: the request refunds it after storing it, or the reconciliation does (reconcile-charges.ts).
 */
export const orderCancelledListener = defineListener({
  event: OrderCancelled,
  async handle(data, { log }) {
    if ((await applyOrderStatus(data.id, data.version, 'cancelled')) === 'ahead') return retryLater();

    const outcome = await refundIfOrderCancelled(data.id, log);
    if (outcome.kind === 'in-flight') log.debug({ orderId: data.id }, 'charge in flight; its settlement refunds it');
  },
});
