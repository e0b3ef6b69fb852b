import { ChargeDisputed, defineListener } from '@ticketing/common';
import { markVoided } from '../../models/mark-voided';

/**
 * The buyer's bank disputed an order's charge (payments learnt it from Stripe's `charge.dispute.created`): the order
 * is disputed and its e-ticket void from then on, at the door and for a transfer (DESIGN §12). Payments holds or
 * reverses the seller's payout on its own side.
 */
export const chargeDisputedListener = defineListener({
  event: ChargeDisputed,
  async handle(data, { log }) {
    if (!(await markVoided(data.orderId, 'disputedAt'))) {
      log.warn({ orderId: data.orderId }, 'disputed order not found; ignored');
    }
  },
});
