import { z } from 'zod';
import { defineEvent } from './define-event';
import { ObjectIdString, Price } from './fields';

export const ChargeCreatedData = z.object({
  id: ObjectIdString,
  orderId: ObjectIdString,
  status: z.enum(['completed', 'failed']),
  amount: Price,
  stripeId: z.string().min(1),
});
export type ChargeCreatedData = z.infer<typeof ChargeCreatedData>;

export const ChargeCreated = defineEvent({
  name: 'ChargeCreated',
  subject: 'charge.created',
  schema: ChargeCreatedData,
  description:
    'A payment for an order was attempted: completed (the order is paid) or failed (the order is cancelled).',
  example: {
    id: '64b7f0c2a1b2c3d4e5f6071c',
    orderId: '64b7f0c2a1b2c3d4e5f6071a',
    status: 'completed',
    amount: 100,
    stripeId: 'pi_3Nabc',
  },
});
