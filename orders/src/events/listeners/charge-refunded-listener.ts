import { ChargeRefunded, defineListener } from '@ticketing/common';
import { markVoided } from '../../models/mark-voided';

/**
 * Payments gave an order's money back (a late charge, a cancelled event, or, with Stripe's webhooks, a refund made
 * outside the app): the order's e-ticket is void from then on (DESIGN §12). Orders consumes ChargeRefunded for this
 * only; DESIGN §5 lists no consumer (tools/src/design-deviations.ts says why).
 */
export const chargeRefundedListener = defineListener({
  event: ChargeRefunded,
  async handle(data, { log }) {
    if (!(await markVoided(data.orderId, 'refundedAt'))) {
      log.warn({ orderId: data.orderId }, 'refunded order not found; ignored');
    }
  },
});
