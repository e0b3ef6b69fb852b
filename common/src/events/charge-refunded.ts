import { z } from 'zod';
import { defineEvent } from './define-event';
import { ObjectIdString, Price } from './fields';

export const ChargeRefundedData = z.object({
  id: ObjectIdString,
  orderId: ObjectIdString,
  amount: Price,
  stripeRefundId: z.string().min(1),
});
export type ChargeRefundedData = z.infer<typeof ChargeRefundedData>;

export const ChargeRefunded = defineEvent({
  name: 'ChargeRefunded',
  subject: 'charge.refunded',
  schema: ChargeRefundedData,
  description: 'Money taken for an order that was cancelled meanwhile was given back.',
  example: {
    id: '64b7f0c2a1b2c3d4e5f6071c',
    orderId: '64b7f0c2a1b2c3d4e5f6071a',
    amount: 100,
    stripeRefundId: 're_3Nabc',
  },
});
