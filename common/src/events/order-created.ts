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
  /** Who listed the ticket: the seller payments pays (DESIGN §12). Absent on orders made before it was carried. */
  sellerId: ObjectIdString.optional(),
  /** The ticket's event: payments refuses a charge once it started. Absent for a ticket without an event. */
  event: z.object({ id: ObjectIdString, startsAt: z.iso.datetime() }).optional(),
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
    sellerId: '64b7f0c2a1b2c3d4e5f60718',
    event: { id: '64b7f0c2a1b2c3d4e5f60720', startsAt: '2027-01-15T20:00:00.000Z' },
  },
});
