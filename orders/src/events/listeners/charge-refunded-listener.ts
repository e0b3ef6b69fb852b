import { ChargeRefunded, defineListener } from '@ticketing/common';
import { markRefunded } from '../../models/mark-refunded';

/**
 * Payments gave an order's money back (a late charge, a cancelled event, or, with Stripe's webhooks, a refund made
 * outside the app): the order's e-ticket is void from then on (DESIGN §12). Orders consumes ChargeRefunded for this
 * only; DESIGN §5 lists no consumer (tools/src/design-deviations.ts says why).
 */
export const chargeRefundedListener = defineListener({
  event: ChargeRefunded,
  async handle(data, { log }) {
    if (!(await markRefunded(data.orderId))) log.warn({ orderId: data.orderId }, 'refunded order not found; ignored');
  },
});
