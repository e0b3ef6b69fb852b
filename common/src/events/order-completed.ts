import { z } from 'zod';
import { defineEvent } from './define-event';
import { ObjectIdString, Version } from './fields';

export const OrderCompletedData = z.object({
  id: ObjectIdString,
  version: Version,
  ticket: z.object({ id: ObjectIdString }),
});
export type OrderCompletedData = z.infer<typeof OrderCompletedData>;

export const OrderCompleted = defineEvent({
  name: 'OrderCompleted',
  subject: 'order.completed',
  schema: OrderCompletedData,
  description: 'An order was paid: its ticket is sold.',
  example: { id: '64b7f0c2a1b2c3d4e5f6071a', version: 1, ticket: { id: '64b7f0c2a1b2c3d4e5f60719' } },
});
