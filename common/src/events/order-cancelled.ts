import { z } from 'zod';
import { defineEvent } from './define-event';
import { ObjectIdString, Version } from './fields';

export const OrderCancelledData = z.object({
  id: ObjectIdString,
  version: Version,
  ticket: z.object({ id: ObjectIdString }),
});
export type OrderCancelledData = z.infer<typeof OrderCancelledData>;

export const OrderCancelled = defineEvent({
  name: 'OrderCancelled',
  subject: 'order.cancelled',
  schema: OrderCancelledData,
  description: 'An order was cancelled (by its buyer, by expiry or by a failed payment): its ticket is free again.',
  example: { id: '64b7f0c2a1b2c3d4e5f6071a', version: 1, ticket: { id: '64b7f0c2a1b2c3d4e5f60719' } },
});
