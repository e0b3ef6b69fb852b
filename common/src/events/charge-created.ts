import { z } from 'zod';
import { defineEvent } from './define-event';
import { ObjectIdString, Price } from './fields';

export const ChargeCreatedData = z.object({
  id: ObjectIdString,
  orderId: ObjectIdString,
  status: z.enum(['completed', 'failed']),
  amount: Price,
  stripeId: z.string().min(1),
  /**
   * Why a failed charge failed, when it was not the card: its event started or was cancelled before the payment was
   * confirmed (DESIGN §12), so that orders tells the buyer that, not "declined". Absent: declined (or older events).
   */
  failure: z.enum(['event-started', 'event-cancelled']).optional(),
});
export type ChargeCreatedData = z.infer<typeof ChargeCreatedData>;
export type ChargeFailure = NonNullable<ChargeCreatedData['failure']>;

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
