import { defineListener, OrderCancelled, retryLater } from '@ticketing/common';
import { closeOpenPayment } from '../../models/close-open-payment';
import { applyOrderStatus } from '../../models/order-replica';
import { refundIfCancelled } from '../../models/refund-late-charge';

/**
 * Marks the replica's order cancelled, cancels at Stripe the PaymentIntent of a charge still open (DESIGN §16: an
 * abandoned 3-D Secure challenge must not be completed hours later), then refunds its charge if one completed: side
 * (b) of the late-charge race (see refundIfCancelled). The charge is read only AFTER the cancellation is stored:
 * the payment request stores its charge and then reads the order, so one of the two always sees the other. A Stripe
 * call that fails (unreachable) throws, and the event is redelivered until it succeeds. A charge claimed whose intent
 * is not recorded yet is left to whoever settles it: the request refunds it after storing it, or the reconciliation
 * cancels or refunds it (reconcile-charges.ts).
 */
export const orderCancelledListener = defineListener({
  event: OrderCancelled,
  async handle(data, { log }) {
    if ((await applyOrderStatus(data.id, data.version, 'cancelled')) === 'ahead') return retryLater();

    await closeOpenPayment(data.id, log);
    const outcome = await refundIfCancelled(data.id, log);
    if (outcome.kind === 'in-flight') log.debug({ orderId: data.id }, 'charge in flight; its settlement refunds it');
  },
});
