import { z } from 'zod';
import { defineEvent } from './define-event';
import { ObjectIdString, Price } from './fields';

export const ChargeDisputedData = z.object({
  /** The charge's id (payments' record). */
  id: ObjectIdString,
  orderId: ObjectIdString,
  /** The disputed amount in dollars: the whole charge for a card dispute. */
  amount: Price,
  stripeDisputeId: z.string().min(1),
});
export type ChargeDisputedData = z.infer<typeof ChargeDisputedData>;

export const ChargeDisputed = defineEvent({
  name: 'ChargeDisputed',
  subject: 'charge.disputed',
  schema: ChargeDisputedData,
  description:
    "The buyer's bank disputed a completed charge: the order is disputed, its e-ticket void and no seller payout made for it.",
  example: {
    id: '64b7f0c2a1b2c3d4e5f6071c',
    orderId: '64b7f0c2a1b2c3d4e5f6071a',
    amount: 100,
    stripeDisputeId: 'dp_1Nabc',
  },
});
