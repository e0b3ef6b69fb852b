import { z } from 'zod';
import { defineEvent } from './define-event';
import { ObjectIdString } from './fields';

export const OrderExpiredData = z.object({ orderId: ObjectIdString });
export type OrderExpiredData = z.infer<typeof OrderExpiredData>;

export const OrderExpired = defineEvent({
  name: 'OrderExpired',
  subject: 'order.expired',
  schema: OrderExpiredData,
  description: "An order's lock window ended; orders cancels it unless it is completed.",
  example: { orderId: '64b7f0c2a1b2c3d4e5f6071a' },
});

/** The event id of an expiry follows from the order, so a retried job stores it once (STYLE, Naming). */
export function orderExpiredEventId(orderId: string): string {
  return `order.expired:${orderId}`;
}
