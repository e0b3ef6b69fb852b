import { z } from 'zod';
import { defineEvent } from './define-event';
import { ObjectIdString, Version } from './fields';

export const EventCancelledData = z.object({
  id: ObjectIdString,
  version: Version,
});
export type EventCancelledData = z.infer<typeof EventCancelledData>;

export const EventCancelled = defineEvent({
  name: 'EventCancelled',
  subject: 'event.cancelled',
  schema: EventCancelledData,
  description:
    'An admin called an event off: tickets withdraws its listings, orders cancels its open orders, payments refunds its completed charges in full (DESIGN §12).',
  example: { id: '64b7f0c2a1b2c3d4e5f60720', version: 1 },
});
