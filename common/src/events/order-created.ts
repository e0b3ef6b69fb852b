import { z } from 'zod';
import { defineEvent } from './define-event';
import { ObjectIdString, OrderStatus, Price, Version } from './fields';

export const OrderCreatedData = z.object({
  id: ObjectIdString,
  version: Version,
  status: OrderStatus,
  userId: ObjectIdString,
  /** When the lock ends; expiration schedules from this, not from when the event arrived. */
  expiresAt: z.iso.datetime(),
  /** The ticket as the order was priced: its price, and the ticket version that price was read at (DESIGN §5). */
  ticket: z.object({ id: ObjectIdString, price: Price, version: Version }),
});
export type OrderCreatedData = z.infer<typeof OrderCreatedData>;

export const OrderCreated = defineEvent({
  name: 'OrderCreated',
  subject: 'order.created',
  schema: OrderCreatedData,
  description: 'A buyer ordered a ticket: the ticket is locked until expiresAt.',
  example: {
    id: '64b7f0c2a1b2c3d4e5f6071a',
    version: 0,
    status: 'created',
    userId: '64b7f0c2a1b2c3d4e5f6071b',
    expiresAt: '2026-11-25T12:15:00.000Z',
    ticket: { id: '64b7f0c2a1b2c3d4e5f60719', price: 100, version: 0 },
  },
});
